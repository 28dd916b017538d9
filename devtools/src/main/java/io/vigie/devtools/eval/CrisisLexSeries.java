package io.vigie.devtools.eval;

import io.vigie.ingest.replay.CrisisLexCsv;
import io.vigie.ingest.replay.Snowflake;
import java.io.IOException;
import java.io.Writer;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * A CrisisLex T6 event as per-minute count series, scored the way sudden crises outside T6 are
 * scored (issue 20): posts per minute of the whole collection from its first post to a day after
 * the onset, and the off-topic posts alone over the whole file.
 *
 * <p>An alert on the row of minute {@code m} counts as raised at {@code m + 1 min}, when that
 * minute's count is complete: a detector reading per-minute counts cannot know it earlier.
 */
public final class CrisisLexSeries {

  /** How long after the onset the volume series runs. */
  public static final Duration AFTER_ONSET = Duration.ofHours(24);

  /** The targets the series are judged against. */
  public static final Duration LATENCY_TARGET = Duration.ofMinutes(15);

  public static final double FALSE_ALERTS_PER_DAY_TARGET = 1.0;

  private static final Duration MINUTE = Duration.ofMinutes(1);

  /** NAB's timestamp layout, which {@code vigie backtest --format COUNTS} reads (as UTC). */
  private static final DateTimeFormatter NAB_STAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private static final String OFF_TOPIC = "off-topic";

  /** Counts per minute from {@code start} (a whole minute), one a minute, zeros kept. */
  public record Series(Instant start, long[] counts) {

    public Instant minute(int row) {
      return start.plus(MINUTE.multipliedBy(row));
    }

    /** When the count of {@code row} is complete, and an alert on it can be raised. */
    public Instant closes(int row) {
      return minute(row + 1);
    }

    public long total() {
      long total = 0;
      for (long count : counts) {
        total += count;
      }
      return total;
    }

    public double days() {
      return counts.length / 1440.0;
    }

    /** Writes {@code timestamp,value} rows with a header, as count series are read. */
    public void write(Writer out) throws IOException {
      out.write("timestamp,value\n");
      for (int row = 0; row < counts.length; row++) {
        out.write(NAB_STAMP.format(minute(row)) + "," + counts[row] + "\n");
      }
    }
  }

  /** Turns a count series into one flag a row: true where an alert (an episode) opened. */
  @FunctionalInterface
  public interface Detector {
    boolean[] alerts(String name, Series series) throws IOException;
  }

  /** How the detector did around a sudden event's onset, on the collection's volume. */
  public record OnsetScore(
      Instant onset,
      Instant firstPostAfterOnset,
      Optional<Instant> firstAlertAfterOnset,
      int alertsBeforeOnset,
      int furtherAlerts) {

    /** From the first post at or after the onset to the first alert raised after the onset. */
    public Optional<Duration> latency() {
      return firstAlertAfterOnset.map(alert -> Duration.between(firstPostAfterOnset, alert));
    }

    public boolean latencyMet() {
      return latency().filter(d -> d.compareTo(LATENCY_TARGET) <= 0).isPresent();
    }
  }

  /** Alerts on a series where every alert is false (the off-topic posts alone). */
  public record FalseAlerts(int alerts, double days) {
    public double perDay() {
      return days <= 0 ? 0 : alerts / days;
    }

    public boolean met() {
      return perDay() <= FALSE_ALERTS_PER_DAY_TARGET;
    }
  }

  /** One event's figures: the onset score only for a sudden event. */
  public record Result(
      String event,
      Optional<Series> volume,
      Optional<OnsetScore> onsetScore,
      Series offTopic,
      FalseAlerts falseAlerts) {}

  private final Detector detector;

  public CrisisLexSeries(Detector detector) {
    this.detector = detector;
  }

  /** Builds the event's series, runs them through the detector and scores them. */
  public Result evaluate(String event, CrisisLexCsv.Contents contents, Optional<Instant> onset)
      throws IOException {
    List<Instant> all = contents.rows().stream().map(CrisisLexSeries::postedAt).sorted().toList();
    if (all.isEmpty()) {
      throw new IllegalArgumentException(event + ": no posts");
    }
    Instant first = all.get(0);
    Instant last = all.get(all.size() - 1);
    Optional<Series> volume = Optional.empty();
    Optional<OnsetScore> score = Optional.empty();
    if (onset.isPresent()) {
      Series series = perMinute(all, first, onset.get().plus(AFTER_ONSET));
      volume = Optional.of(series);
      score =
          Optional.of(
              scoreOnset(series, detector.alerts(event + "-volume", series), all, onset.get()));
    }
    List<Instant> offTopicPosts =
        contents.rows().stream()
            .filter(row -> OFF_TOPIC.equals(row.label()))
            .map(CrisisLexSeries::postedAt)
            .sorted()
            .toList();
    // Over the whole file, not from the first off-topic post: the quiet stretches count as days.
    Series offTopic =
        perMinute(offTopicPosts, first, last.truncatedTo(ChronoUnit.MINUTES).plus(MINUTE));
    FalseAlerts falseAlerts =
        countFalseAlerts(offTopic, detector.alerts(event + "-off-topic", offTopic));
    return new Result(event, volume, score, offTopic, falseAlerts);
  }

  static Instant postedAt(CrisisLexCsv.Row row) {
    return Snowflake.timestamp(Long.parseLong(row.id()));
  }

  /**
   * Posts per minute from the minute holding {@code from} up to {@code until} (exclusive: a post at
   * or after it is left out, and the last row is the minute before it when it is a whole minute).
   * Minutes without posts are kept as zeros.
   */
  static Series perMinute(List<Instant> posts, Instant from, Instant until) {
    Instant start = from.truncatedTo(ChronoUnit.MINUTES);
    int rows = (int) Duration.between(start, until.minusNanos(1)).toMinutes() + 1;
    if (rows < 2) {
      throw new IllegalArgumentException(
          "a series needs at least two minutes, from " + from + " to " + until);
    }
    long[] counts = new long[rows];
    for (Instant post : posts) {
      if (!post.isBefore(start) && post.isBefore(until)) {
        counts[(int) Duration.between(start, post).toMinutes()]++;
      }
    }
    return new Series(start, counts);
  }

  /**
   * Scores one alert flag a row against the onset: alerts raised at or before the onset are
   * "before"; the first raised after it gives the latency from the first post at or after the
   * onset; the alerts after that one are "further".
   */
  static OnsetScore scoreOnset(
      Series series, boolean[] alerts, List<Instant> posts, Instant onset) {
    if (alerts.length != series.counts().length) {
      throw new IllegalArgumentException(
          "the detector gave " + alerts.length + " rows for " + series.counts().length);
    }
    Instant firstPost =
        posts.stream()
            .filter(t -> !t.isBefore(onset))
            .min(Instant::compareTo)
            .orElseThrow(() -> new IllegalArgumentException("no post at or after " + onset));
    int before = 0;
    Instant firstAlert = null;
    int further = 0;
    for (int row = 0; row < alerts.length; row++) {
      if (!alerts[row]) {
        continue;
      }
      Instant raised = series.closes(row);
      if (!raised.isAfter(onset)) {
        before++;
      } else if (firstAlert == null) {
        firstAlert = raised;
      } else {
        further++;
      }
    }
    return new OnsetScore(onset, firstPost, Optional.ofNullable(firstAlert), before, further);
  }

  static FalseAlerts countFalseAlerts(Series series, boolean[] alerts) {
    int count = 0;
    for (boolean alert : alerts) {
      count += alert ? 1 : 0;
    }
    return new FalseAlerts(count, series.days());
  }
}
