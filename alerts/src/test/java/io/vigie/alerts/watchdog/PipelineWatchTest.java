package io.vigie.alerts.watchdog;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.alerts.watchdog.PipelineWatch.Finding;
import io.vigie.alerts.watchdog.PipelineWatch.Problem;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineWatchTest {

  private static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");
  private final PipelineWatch watch = new PipelineWatch(PipelineWatch.Settings.defaults());

  private static Instant at(int seconds) {
    return T0.plusSeconds(seconds);
  }

  @Test
  void shouldReportASourceThatWentSilentOnceAndItsReturn() {
    for (int s = 0; s <= 1800; s += 30) {
      watch.posts("mastodon", 5, at(s));
      assertThat(watch.evaluate(at(s))).isEmpty();
    }
    List<Finding> opened = List.of();
    for (int s = 1830; s <= 1800 + 15 * 60; s += 30) {
      watch.posts("mastodon", 0, at(s));
      List<Finding> changes = watch.evaluate(at(s));
      if (!changes.isEmpty()) {
        assertThat(opened).as("opened once").isEmpty();
        opened = changes;
      }
    }

    assertThat(opened)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.problem()).isEqualTo(Problem.SOURCE_SILENT);
              assertThat(f.subject()).isEqualTo("mastodon");
              assertThat(f.open()).isTrue();
              assertThat(f.since()).isEqualTo(at(1800));
              assertThat(f.summary()).contains("mastodon").contains("10 min");
            });

    watch.posts("mastodon", 3, at(2800));
    assertThat(watch.evaluate(at(2800)))
        .singleElement()
        .satisfies(f -> assertThat(f.open()).isFalse());
  }

  @Test
  void shouldNotCallALullSilenceWhenTheSourceWasBarelyPostingBefore() {
    watch.posts("rss", 2, at(0));
    watch.posts("rss", 0, at(3000));

    assertThat(watch.evaluate(at(3000))).isEmpty();
  }

  @Test
  void shouldReportLagThatKeepsGrowingAboveTheThresholdForAWholeWindow() {
    List<Finding> changes = List.of();
    for (int i = 0; i <= 10; i++) {
      watch.lag("vigie-indexer", 20_000 + i * 5_000L, at(i * 30));
      changes = watch.evaluate(at(i * 30));
      if (!changes.isEmpty()) {
        break;
      }
    }

    assertThat(changes)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.problem()).isEqualTo(Problem.LAG_GROWING);
              assertThat(f.observed()).isGreaterThan(f.expected());
            });

    watch.lag("vigie-indexer", 1_000, at(400));
    assertThat(watch.evaluate(at(400)))
        .singleElement()
        .satisfies(f -> assertThat(f.open()).isFalse());
  }

  @Test
  void shouldNotReportLagThatIsHighButFalling() {
    for (int i = 0; i <= 12; i++) {
      watch.lag("vigie-indexer", 80_000 - i * 5_000L, at(i * 30));
      assertThat(watch.evaluate(at(i * 30))).isEmpty();
    }
  }

  @Test
  void shouldReportDeadLettersAboveTheirUsualRateButNotTheUsualTrickle() {
    long total = 0;
    for (int s = 0; s <= 3600; s += 30) {
      total += 1; // one every 30 s is this stage's normal
      watch.deadLetters("streams", total, at(s));
      assertThat(watch.evaluate(at(s))).isEmpty();
    }
    List<Finding> changes = List.of();
    for (int s = 3630; s <= 3900 && changes.isEmpty(); s += 30) {
      total += 40;
      watch.deadLetters("streams", total, at(s));
      changes = watch.evaluate(at(s));
    }

    assertThat(changes)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.problem()).isEqualTo(Problem.DEAD_LETTERS);
              assertThat(f.subject()).isEqualTo("streams");
              assertThat(f.expected()).isBetween(8.0, 12.0); // about 10 a window, learned
            });
  }

  @Test
  void shouldReportElasticsearchAfterThreeFailedProbesAndItsRecovery() {
    watch.elasticsearch(false, "connection refused", at(0));
    watch.elasticsearch(false, "connection refused", at(30));
    assertThat(watch.evaluate(at(30))).isEmpty();
    watch.elasticsearch(false, "connection refused", at(60));

    assertThat(watch.evaluate(at(60)))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.problem()).isEqualTo(Problem.ELASTICSEARCH_UNREACHABLE);
              assertThat(f.since()).isEqualTo(at(0));
              assertThat(f.summary()).contains("connection refused");
            });
    watch.elasticsearch(false, "connection refused", at(90));
    assertThat(watch.evaluate(at(90))).as("still the same episode").isEmpty();

    watch.elasticsearch(true, "green", at(120));
    assertThat(watch.evaluate(at(120)))
        .singleElement()
        .satisfies(f -> assertThat(f.open()).isFalse());
  }

  @Test
  void shouldNotReopenAProblemRestoredAfterARestart() {
    watch.restore(
        new Finding(
            Problem.ELASTICSEARCH_UNREACHABLE,
            "elasticsearch",
            true,
            at(0),
            io.vigie.schema.Severity.HIGH,
            3,
            0,
            "",
            ""));
    for (int s = 0; s <= 90; s += 30) {
      watch.elasticsearch(false, "timeout", at(s));
    }

    assertThat(watch.evaluate(at(90))).isEmpty();
    watch.elasticsearch(true, "green", at(120));
    assertThat(watch.evaluate(at(120)))
        .singleElement()
        .satisfies(f -> assertThat(f.since()).isEqualTo(at(0)));
  }

  @Test
  void silenceIsMeasuredFromTheLastPostNotTheLastSample() {
    watch.posts("webhook", 50, at(0));
    watch.posts("webhook", 0, at((int) Duration.ofMinutes(9).toSeconds()));
    assertThat(watch.evaluate(at((int) Duration.ofMinutes(9).toSeconds()))).isEmpty();
    watch.posts("webhook", 0, at((int) Duration.ofMinutes(10).toSeconds()));
    assertThat(watch.evaluate(at((int) Duration.ofMinutes(10).toSeconds()))).hasSize(1);
  }
}
