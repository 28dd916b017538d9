package io.vigie.alerts.console;

import io.vigie.streams.detect.SpikeDetector;
import io.vigie.streams.detect.SpikeSettings;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * A watch rule's volume as the console draws it: posts per bucket, the expected count with a band,
 * and where volume episodes ran. The expectation and the episodes come from {@link SpikeDetector},
 * the class that judges volume live and in backtests, run over the buckets with the same hour-of-
 * day cycle; the band is the Poisson 95% range around the expectation ({@code ± 2√expected}).
 */
public final class VolumeSeries {

  /**
   * One bucket: its start, the posts in it, the expectation and band, and whether in an episode.
   */
  public record Point(
      Instant at, long observed, double expected, double low, double high, boolean episode) {}

  private VolumeSeries() {}

  /** The series of {@code counts}, one per bucket of {@code width} from {@code start}. */
  public static List<Point> of(Instant start, Duration width, List<Long> counts) {
    SpikeDetector detector = new SpikeDetector(SpikeSettings.forBucket(width), 24);
    List<Point> points = new ArrayList<>(counts.size());
    for (int i = 0; i < counts.size(); i++) {
      Instant at = start.plus(width.multipliedBy(i));
      int slot = at.atZone(ZoneOffset.UTC).getHour();
      double expected = Math.max(0, detector.expected(slot));
      SpikeDetector.Step step = detector.next(counts.get(i), slot);
      double spread = 2 * Math.sqrt(expected);
      points.add(
          new Point(
              at,
              counts.get(i),
              expected,
              Math.max(0, expected - spread),
              expected + spread,
              step.transition() == SpikeDetector.Transition.OPENED
                  || step.transition() == SpikeDetector.Transition.CONTINUED));
    }
    return points;
  }

  /** A bucket width that draws {@code span} in about a hundred to a few hundred points. */
  public static Duration widthFor(Duration span) {
    for (Duration width :
        List.of(
            Duration.ofMinutes(1),
            Duration.ofMinutes(5),
            Duration.ofMinutes(15),
            Duration.ofHours(1),
            Duration.ofHours(6))) {
      if (span.dividedBy(width) <= 400) {
        return width;
      }
    }
    return Duration.ofDays(1);
  }
}
