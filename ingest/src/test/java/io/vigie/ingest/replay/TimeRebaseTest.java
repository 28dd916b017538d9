package io.vigie.ingest.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigie.schema.Post;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimeRebaseTest {

  private static final Instant ONSET = Instant.parse("2013-04-15T18:49:00Z");
  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

  @Test
  void shouldMapLastEventToTheEndAndKeepProportions() {
    TimeRebase rebase = TimeRebase.endingAt(NOW, ONSET, ONSET.plus(Duration.ofHours(10)), 10);

    assertThat(rebase.rebase(ONSET.plus(Duration.ofHours(10)))).isEqualTo(NOW);
    assertThat(rebase.rebase(ONSET)).isEqualTo(NOW.minus(Duration.ofHours(1)));
    assertThat(rebase.rebase(ONSET.plus(Duration.ofHours(5))))
        .isEqualTo(NOW.minus(Duration.ofMinutes(30)));
  }

  @Test
  void shouldFitElevenDaysIntoOneHourWithoutStretchingShortSpans() {
    TimeRebase long_ =
        TimeRebase.fitting(NOW, ONSET, ONSET.plus(Duration.ofDays(11)), Duration.ofHours(1));
    TimeRebase short_ =
        TimeRebase.fitting(NOW, ONSET, ONSET.plus(Duration.ofMinutes(5)), Duration.ofHours(1));

    assertThat(long_.speed()).isEqualTo(264.0);
    assertThat(long_.rebase(ONSET)).isEqualTo(NOW.minus(Duration.ofHours(1)));
    assertThat(short_.speed()).isEqualTo(1.0);
    assertThat(short_.rebase(ONSET)).isEqualTo(NOW.minus(Duration.ofMinutes(5)));
  }

  @Test
  void shouldKeepOriginalTimeAsAttribute() {
    Post post =
        Post.newBuilder()
            .setSource("twitter")
            .setId("1")
            .setText("blast")
            .setCreatedAt(ONSET)
            .setIngestedAt(NOW)
            .build();

    Post rebased = TimeRebase.endingAt(NOW, ONSET, ONSET, 1).rebase(post);

    assertThat(rebased.getCreatedAt()).isEqualTo(NOW);
    assertThat(rebased.getAttributes())
        .containsEntry(TimeRebase.ORIGINAL_TIME_ATTRIBUTE, "2013-04-15T18:49:00Z");
  }

  @Test
  void shouldRefuseToSlowTimeDown() {
    assertThatThrownBy(() -> TimeRebase.endingAt(NOW, ONSET, ONSET, 0.5))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldMoveHistoryByWholeDaysSoThatEveryPostKeepsItsTimeOfDay() {
    Instant first = Instant.parse("2013-04-15T00:01:00Z");
    Instant last = Instant.parse("2013-04-27T23:59:00Z");
    Instant limit = Instant.parse("2026-12-02T04:40:00Z");

    TimeRebase rebase = TimeRebase.byWholeDaysEndingBefore(limit, first, last);
    Instant bombing = Instant.parse("2013-04-15T18:49:00Z");

    assertThat(rebase.rebase(last)).isEqualTo(Instant.parse("2026-12-01T23:59:00Z"));
    assertThat(rebase.rebase(last))
        .isBeforeOrEqualTo(limit)
        .isAfter(limit.minus(Duration.ofDays(1)));
    assertThat(Duration.between(bombing, rebase.rebase(bombing)).toSeconds() % 86_400).isZero();
    assertThat(Duration.between(rebase.rebase(first), rebase.rebase(last)))
        .isEqualTo(Duration.between(first, last));
  }
}
