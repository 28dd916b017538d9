package io.vigie.devtools.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigie.app.backtest.CountSeries;
import io.vigie.devtools.BundledDatasets;
import io.vigie.ingest.replay.CrisisLexCsv;
import io.vigie.ingest.replay.Snowflake;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Building per-minute series from CrisisLex posts, and scoring alerts against an onset. */
class CrisisLexSeriesTest {

  @TempDir Path dir;

  private static final Instant NOON = Instant.parse("2013-04-15T12:00:00Z");

  private static Instant at(String time) {
    return Instant.parse("2013-04-15T" + time + "Z");
  }

  private static boolean[] alertsAt(int rows, int... alerting) {
    boolean[] alerts = new boolean[rows];
    for (int row : alerting) {
      alerts[row] = true;
    }
    return alerts;
  }

  private static CrisisLexCsv.Row row(Instant postedAt, String label) {
    long id = (postedAt.toEpochMilli() - Snowflake.TWITTER_EPOCH_MS) << 22;
    return new CrisisLexCsv.Row(0, Long.toString(id), "text", label);
  }

  @Test
  void countsPostsPerMinuteKeepingEmptyMinutesAsZeros() {
    List<Instant> posts = List.of(at("12:00:10"), at("12:00:50"), at("12:03:05"));

    CrisisLexSeries.Series series =
        CrisisLexSeries.perMinute(posts, at("12:00:10"), at("12:05:00"));

    assertThat(series.start()).isEqualTo(NOON);
    assertThat(series.counts()).containsExactly(2, 0, 0, 1, 0);
  }

  @Test
  void leavesOutPostsBeforeTheStartMinuteAndAtOrAfterTheEnd() {
    List<Instant> posts =
        List.of(at("11:59:59"), at("12:00:00"), at("12:04:10"), at("12:04:30"), at("12:06:00"));

    CrisisLexSeries.Series series =
        CrisisLexSeries.perMinute(posts, at("12:00:40"), at("12:04:30"));

    // Rows 12:00 to 12:04; the end is exclusive, so the 12:04:30 post is out.
    assertThat(series.counts()).containsExactly(1, 0, 0, 0, 1);
    assertThat(series.total()).isEqualTo(2);
  }

  @Test
  void writesTimestampValueRowsThatTheCountBacktestReadsBack() throws Exception {
    CrisisLexSeries.Series series = new CrisisLexSeries.Series(NOON, new long[] {3, 0, 7});
    StringWriter text = new StringWriter();

    series.write(text);

    assertThat(text.toString())
        .isEqualTo(
            "timestamp,value\n2013-04-15 12:00:00,3\n2013-04-15 12:01:00,0\n2013-04-15 12:02:00,7\n");
    Path file = dir.resolve("series.csv");
    Files.writeString(file, text.toString());
    List<CountSeries.Row> rows = CountSeries.read(file);
    assertThat(rows)
        .extracting(CountSeries.Row::at)
        .containsExactly(NOON, at("12:01:00"), at("12:02:00"));
    assertThat(rows).extracting(CountSeries.Row::value).containsExactly(3L, 0L, 7L);
  }

  @Test
  void alertsRaisedUpToTheOnsetAreBeforeItAndTheFirstAfterGivesTheLatency() {
    CrisisLexSeries.Series series = new CrisisLexSeries.Series(NOON, new long[10]);
    Instant onset = at("12:04:00");
    // Row 1 is raised at 12:02 and row 3 at 12:04, the onset itself: both before. Row 4 is raised
    // when 12:04 closes, at 12:05: the first after. Rows 7 and 9 are further alerts.
    boolean[] alerts = alertsAt(10, 1, 3, 4, 7, 9);
    List<Instant> posts = List.of(at("12:03:30"), at("12:04:20"), at("12:08:00"));

    CrisisLexSeries.OnsetScore score = CrisisLexSeries.scoreOnset(series, alerts, posts, onset);

    assertThat(score.firstPostAfterOnset()).isEqualTo(at("12:04:20"));
    assertThat(score.firstAlertAfterOnset()).contains(at("12:05:00"));
    assertThat(score.latency()).contains(Duration.ofSeconds(40));
    assertThat(score.alertsBeforeOnset()).isEqualTo(2);
    assertThat(score.furtherAlerts()).isEqualTo(2);
  }

  @Test
  void noAlertAfterTheOnsetLeavesNoLatencyAndMissesTheTarget() {
    CrisisLexSeries.Series series = new CrisisLexSeries.Series(NOON, new long[6]);

    CrisisLexSeries.OnsetScore score =
        CrisisLexSeries.scoreOnset(series, alertsAt(6, 0), List.of(at("12:03:00")), at("12:02:00"));

    assertThat(score.firstAlertAfterOnset()).isEmpty();
    assertThat(score.latency()).isEmpty();
    assertThat(score.latencyMet()).isFalse();
    assertThat(score.alertsBeforeOnset()).isEqualTo(1);
    assertThat(score.furtherAlerts()).isZero();
  }

  @Test
  void latencyTargetIsMetUpToFifteenMinutesInclusive() {
    Instant firstPost = at("12:00:00");
    CrisisLexSeries.OnsetScore onTime =
        new CrisisLexSeries.OnsetScore(firstPost, firstPost, Optional.of(at("12:15:00")), 0, 0);
    CrisisLexSeries.OnsetScore late =
        new CrisisLexSeries.OnsetScore(firstPost, firstPost, Optional.of(at("12:15:01")), 0, 0);

    assertThat(onTime.latencyMet()).isTrue();
    assertThat(late.latencyMet()).isFalse();
  }

  @Test
  void falseAlertsAreCountedPerDayOfSeries() {
    CrisisLexSeries.Series twoDays = new CrisisLexSeries.Series(NOON, new long[2880]);

    CrisisLexSeries.FalseAlerts three =
        CrisisLexSeries.countFalseAlerts(twoDays, alertsAt(2880, 10, 500, 2000));
    CrisisLexSeries.FalseAlerts two =
        CrisisLexSeries.countFalseAlerts(twoDays, alertsAt(2880, 10, 2000));

    assertThat(three.alerts()).isEqualTo(3);
    assertThat(three.perDay()).isEqualTo(1.5);
    assertThat(three.met()).isFalse();
    assertThat(two.perDay()).isEqualTo(1.0);
    assertThat(two.met()).isTrue();
  }

  @Test
  void aSuddenEventGivesAVolumeSeriesUpToADayAfterTheOnsetAndAnOffTopicSeriesOverTheFile()
      throws Exception {
    Instant onset = at("12:04:00");
    Instant dayAfter = onset.plus(Duration.ofDays(1));
    CrisisLexCsv.Contents contents =
        new CrisisLexCsv.Contents(
            List.of(
                row(at("12:00:30"), "off-topic"),
                row(at("12:02:10"), "off-topic"),
                row(at("12:04:20"), "on-topic"),
                row(at("12:04:40"), "on-topic"),
                row(at("12:06:00"), "off-topic"),
                row(dayAfter, "off-topic")),
            List.of());
    Map<String, CrisisLexSeries.Series> seen = new LinkedHashMap<>();
    // Alerts where a minute holds two posts or more: only 12:04 of the volume series.
    CrisisLexSeries evaluation =
        new CrisisLexSeries(
            (name, series) -> {
              seen.put(name, series);
              boolean[] alerts = new boolean[series.counts().length];
              for (int i = 0; i < alerts.length; i++) {
                alerts[i] = series.counts()[i] >= 2;
              }
              return alerts;
            });

    CrisisLexSeries.Result result = evaluation.evaluate("ev", contents, Optional.of(onset));

    assertThat(seen).containsOnlyKeys("ev-volume", "ev-off-topic");
    CrisisLexSeries.Series volume = result.volume().orElseThrow();
    // 12:00 up to (not including) 12:04 the next day; the post at onset + 24 h is out.
    assertThat(volume.start()).isEqualTo(NOON);
    assertThat(volume.counts()).hasSize(24 * 60 + 4);
    assertThat(volume.total()).isEqualTo(5);
    assertThat(volume.counts()[4]).isEqualTo(2);
    CrisisLexSeries.OnsetScore score = result.onsetScore().orElseThrow();
    assertThat(score.firstPostAfterOnset()).isEqualTo(at("12:04:20"));
    assertThat(score.latency()).contains(Duration.ofSeconds(40));
    assertThat(score.alertsBeforeOnset()).isZero();
    assertThat(score.furtherAlerts()).isZero();
    // The off-topic series runs from the file's first minute to its last post's minute.
    assertThat(result.offTopic().start()).isEqualTo(NOON);
    assertThat(result.offTopic().counts()).hasSize(24 * 60 + 5);
    assertThat(result.offTopic().total()).isEqualTo(4);
    assertThat(result.falseAlerts().alerts()).isZero();
    assertThat(result.falseAlerts().days()).isEqualTo((24 * 60 + 5) / 1440.0);
  }

  @Test
  void aProgressiveEventIsScoredOnItsOffTopicSeriesOnly() throws Exception {
    CrisisLexCsv.Contents contents =
        new CrisisLexCsv.Contents(
            List.of(
                row(at("12:00:30"), "off-topic"),
                row(at("12:00:40"), "off-topic"),
                row(at("12:02:10"), "on-topic")),
            List.of());
    List<String> names = new ArrayList<>();
    CrisisLexSeries evaluation =
        new CrisisLexSeries(
            (name, series) -> {
              names.add(name);
              return alertsAt(series.counts().length, 0);
            });

    CrisisLexSeries.Result result = evaluation.evaluate("ev", contents, Optional.empty());

    assertThat(names).containsExactly("ev-off-topic");
    assertThat(result.volume()).isEmpty();
    assertThat(result.onsetScore()).isEmpty();
    assertThat(result.offTopic().counts()).containsExactly(2, 0, 0);
    assertThat(result.falseAlerts().alerts()).isEqualTo(1);
  }

  @Test
  void aDetectorGivingTheWrongNumberOfRowsIsRefused() {
    CrisisLexSeries.Series series = new CrisisLexSeries.Series(NOON, new long[5]);

    assertThatThrownBy(
            () -> CrisisLexSeries.scoreOnset(series, new boolean[4], List.of(NOON), NOON))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theBundledBostonSeriesHoldEveryPostOfTheFileInTheirRange() throws Exception {
    CrisisLexCsv.Contents contents = BundledDatasets.BOSTON_BOMBINGS.read();
    String file = BundledDatasets.BOSTON_BOMBINGS.resource();
    Instant onset = CrisisLexEvaluation.onset(file).orElseThrow();
    Instant end = onset.plus(CrisisLexSeries.AFTER_ONSET);
    List<Instant> times = contents.rows().stream().map(CrisisLexSeries::postedAt).toList();
    Instant first = times.stream().min(Instant::compareTo).orElseThrow();
    long postsUntilEnd = times.stream().filter(t -> t.isBefore(end)).count();
    long offTopic = contents.rows().stream().filter(r -> r.label().equals("off-topic")).count();

    CrisisLexSeries.Result result =
        new CrisisLexSeries((name, series) -> new boolean[series.counts().length])
            .evaluate("boston", contents, Optional.of(onset));

    CrisisLexSeries.Series volume = result.volume().orElseThrow();
    assertThat(volume.start()).isEqualTo(first.truncatedTo(java.time.temporal.ChronoUnit.MINUTES));
    assertThat(volume.minute(volume.counts().length - 1)).isEqualTo(end.minusSeconds(60));
    assertThat(volume.total()).isEqualTo(postsUntilEnd);
    assertThat(result.offTopic().total()).isEqualTo(offTopic);
    assertThat(postsUntilEnd).isLessThan(contents.rows().size());
  }
}
