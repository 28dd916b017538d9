package io.vigie.app.backtest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigie.streams.detect.SpikeDetector;
import io.vigie.streams.detect.SpikeSettings;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A count series ({@code timestamp,value} rows at a fixed step, e.g. NAB's files) through the
 * volume-spike detector, with settings rescaled to the series' step and the threshold of one busy
 * key of a default deployment. Writes NAB's results layout ({@code
 * timestamp,value,anomaly_score,alert}, {@code alert} 1 where an episode opened) and the episodes
 * as JSON lines.
 */
public final class CountSeries {

  /** One row: its time as written, as an instant, and its count. */
  public record Row(String stamp, Instant at, long value) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private CountSeries() {}

  /** Reads {@code timestamp,value} rows (a header line is skipped; times ISO or NAB's). */
  public static List<Row> read(Path file) throws IOException {
    List<Row> rows = new ArrayList<>();
    int number = 0;
    for (String line : Files.readAllLines(file)) {
      number++;
      if (line.isBlank()) {
        continue;
      }
      String[] fields = line.split(",");
      if (fields.length < 2) {
        throw new IllegalArgumentException(file + " line " + number + ": expected timestamp,value");
      }
      String stamp = fields[0].strip();
      Instant at;
      try {
        at = parse(stamp);
      } catch (DateTimeParseException e) {
        if (number == 1) {
          continue; // the header
        }
        throw new IllegalArgumentException(file + " line " + number + ": bad time '" + stamp + "'");
      }
      try {
        rows.add(new Row(stamp, at, Math.round(Double.parseDouble(fields[1].strip()))));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            file + " line " + number + ": bad value '" + fields[1].strip() + "'");
      }
    }
    if (rows.size() < 2) {
      throw new IllegalArgumentException(file + ": fewer than two rows");
    }
    return rows;
  }

  private static Instant parse(String stamp) {
    if (stamp.endsWith("Z") || stamp.contains("+")) {
      return Instant.parse(stamp);
    }
    return LocalDateTime.parse(stamp.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
  }

  /** Runs the detector; returns how many episodes opened. */
  public static int run(List<Row> rows, int cycleSlots, Writer results, Writer episodes)
      throws IOException {
    Duration step = Duration.between(rows.get(0).at(), rows.get(1).at());
    // One busy key of a default deployment, judged at the series' own step: its threshold follows
    // from detect.false-alarms-per-day's default (see docs/detection.md).
    SpikeSettings settings = SpikeSettings.forBucket(step);
    SpikeDetector detector = new SpikeDetector(settings, cycleSlots);
    results.write("timestamp,value,anomaly_score,alert\n");
    int opened = 0;
    for (Row row : rows) {
      int slot =
          cycleSlots == 168
              ? (row.at().atZone(ZoneOffset.UTC).getDayOfWeek().getValue() - 1) * 24
                  + row.at().atZone(ZoneOffset.UTC).getHour()
              : row.at().atZone(ZoneOffset.UTC).getHour();
      SpikeDetector.Step result = detector.next(row.value(), slot);
      boolean alert = result.transition() == SpikeDetector.Transition.OPENED;
      opened += alert ? 1 : 0;
      results.write(
          String.format(
              Locale.ROOT,
              "%s,%d,%.4f,%d%n",
              row.stamp(),
              row.value(),
              result.anomalyScore(settings.threshold()),
              alert ? 1 : 0));
      if (result.transition() == SpikeDetector.Transition.OPENED
          || result.transition() == SpikeDetector.Transition.CLOSED) {
        ObjectNode line = JSON.createObjectNode();
        line.put("kind", "SPIKE");
        line.put(
            "phase", result.transition() == SpikeDetector.Transition.OPENED ? "OPENED" : "CLOSED");
        line.put("window_start", row.at().toString());
        line.put("window_end", row.at().plus(step).toString());
        line.put("observed", result.observed());
        line.put("expected", result.expected());
        line.put("window_posts", result.windowPosts());
        line.put("window_expected", result.windowExpected());
        line.put("window_buckets", result.windowBuckets());
        line.put("score", result.score());
        line.put("chance_bound", result.tail());
        episodes.write(line + "\n");
      }
    }
    return opened;
  }
}
