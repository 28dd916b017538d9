package io.vigie.streams.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WatermarkTest {

  private final Watermark watermark = new Watermark(Duration.ofMinutes(15));

  @Test
  void followsPostsThatArriveInOrder() {
    watermark.observe(1_000);
    watermark.observe(61_000);

    assertThat(watermark.current()).isEqualTo(61_000);
  }

  @Test
  void oneFarFuturePostDoesNotMoveIt() {
    watermark.observe(1_000);
    watermark.observe(Duration.ofDays(365).toMillis());
    watermark.observe(2_000);

    assertThat(watermark.current()).isEqualTo(2_000);
  }

  @Test
  void aSecondPostConfirmsAJumpAfterAQuietSpell() {
    long hourLater = Duration.ofHours(1).toMillis();
    watermark.observe(0);
    watermark.observe(hourLater);
    assertThat(watermark.current()).isZero();

    watermark.observe(hourLater + 30_000);

    assertThat(watermark.current()).isEqualTo(hourLater);
  }

  @Test
  void idleTimeMovesItOnButNeverBack() {
    watermark.observe(10_000);

    watermark.idle(70_000);
    watermark.idle(20_000);

    assertThat(watermark.current()).isEqualTo(70_000);
  }
}
