package io.vigie.devtools.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigie.streams.detect.DetectionSettings;
import io.vigie.streams.detect.SpikeDetector;
import io.vigie.streams.detect.SpikeSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The volume-spike detector's own binary alerts on NAB count series, scored with NAB's standard
 * profile: with the fixed defaults, and with a budget and cooldown chosen leave-one-file-out.
 */
public final class NabEvaluation {

  /** NAB's Twitter volumes are counted in 5-minute buckets. */
  public static final Duration STEP = Duration.ofMinutes(5);

  /** The leave-one-out grid: deployment budgets (a day) around the default, and cooldowns. */
  private static final double[] BUDGETS = {0.1, 0.3, 1, 3, 10};

  private static final List<Duration> COOLDOWNS =
      List.of(Duration.ofHours(6), Duration.ofHours(12), Duration.ofHours(24));

  /** One file: its counts and labelled windows. */
  public record Series(String name, long[] counts, int[] hours, List<NabScorer.Window> windows) {}

  /**
   * One file's scores: with the fixed defaults, and with the budget (a day) and settings chosen on
   * the other files.
   */
  public record FileResult(
      Series series,
      NabScorer.FileScore withDefaults,
      int defaultAlerts,
      double chosenBudget,
      SpikeSettings chosenSettings,
      NabScorer.FileScore chosen,
      int chosenAlerts) {}

  private final Path data;
  private final int slots;

  /**
   * Reads NAB's files under {@code data}; the detector learns a daily cycle of {@code slots} slots.
   */
  public NabEvaluation(Path data, int slots) {
    this.data = data;
    this.slots = slots;
  }

  /**
   * The same settings as `vigie backtest --format COUNTS` gives a 5-minute series: one busy key of
   * a default deployment.
   */
  public static SpikeSettings defaults() {
    return SpikeSettings.forBucket(STEP);
  }

  /** {@code held} scored with the defaults and with parameters chosen on the other files. */
  public FileResult evaluate(Series held, List<Series> series) {
    SpikeSettings defaults = defaults();
    var budget = DetectionSettings.defaults().budget();
    boolean[] defaultAlerts = alerts(held, defaults);
    NabScorer.FileScore withDefaults = score(held, defaultAlerts);
    // Leave one file out: the budget and cooldown that score best on the other files, applied
    // to this one, so that no file is scored with parameters it chose.
    SpikeSettings best = null;
    double bestBudget = 0;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (double perDay : BUDGETS) {
      double threshold = budget.withFalseAlarmsPerDay(perDay).threshold(true, STEP, 1);
      for (Duration cooldown : COOLDOWNS) {
        SpikeSettings candidate =
            defaults
                .withThreshold(threshold)
                .withCooldown((int) (cooldown.toMillis() / STEP.toMillis()));
        List<NabScorer.FileScore> others = new ArrayList<>();
        for (Series other : series) {
          if (other != held) {
            others.add(score(other, alerts(other, candidate)));
          }
        }
        double total = NabScorer.normalised(others);
        if (total > bestScore) {
          bestScore = total;
          best = candidate;
          bestBudget = perDay;
        }
      }
    }
    boolean[] chosenAlerts = alerts(held, best);
    return new FileResult(
        held,
        withDefaults,
        count(defaultAlerts),
        bestBudget,
        best,
        score(held, chosenAlerts),
        count(chosenAlerts));
  }

  private boolean[] alerts(Series series, SpikeSettings settings) {
    SpikeDetector detector = new SpikeDetector(settings, slots);
    boolean[] alerts = new boolean[series.counts().length];
    for (int i = 0; i < alerts.length; i++) {
      alerts[i] =
          detector.next(series.counts()[i], series.hours()[i]).transition()
              == SpikeDetector.Transition.OPENED;
    }
    return alerts;
  }

  private static NabScorer.FileScore score(Series series, boolean[] alerts) {
    return NabScorer.score(alerts, series.windows(), NabScorer.Profile.STANDARD);
  }

  static int count(boolean[] alerts) {
    int n = 0;
    for (boolean alert : alerts) {
      n += alert ? 1 : 0;
    }
    return n;
  }

  public List<Series> read() throws IOException {
    var windowsByFile = new ObjectMapper().readTree(data.resolve("anomaly_windows.json").toFile());
    List<Series> series = new ArrayList<>();
    try (var files = Files.list(data)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".csv")).sorted().toList()) {
        var labelled = windowsByFile.get("realTweets/" + file.getFileName());
        if (labelled == null) {
          continue;
        }
        List<String[]> rows =
            Files.readAllLines(file).stream()
                .skip(1)
                .filter(l -> !l.isBlank())
                .map(l -> l.split(","))
                .toList();
        long[] counts = rows.stream().mapToLong(r -> Long.parseLong(r[1].strip())).toArray();
        int[] hours =
            rows.stream()
                .mapToInt(
                    r -> {
                      var time = LocalDateTime.parse(r[0].strip().replace(' ', 'T'));
                      return slots == 168
                          ? (time.getDayOfWeek().getValue() - 1) * 24 + time.getHour()
                          : time.getHour();
                    })
                .toArray();
        List<NabScorer.Window> windows = new ArrayList<>();
        for (var window : labelled) {
          windows.add(
              new NabScorer.Window(
                  firstAtOrAfter(rows, window.get(0).asText()),
                  lastAtOrBefore(rows, window.get(1).asText())));
        }
        series.add(new Series(file.getFileName().toString(), counts, hours, windows));
      }
    }
    return series;
  }

  private static String stamp(String nabTime) {
    return nabTime.length() > 19 ? nabTime.substring(0, 19) : nabTime;
  }

  private static int firstAtOrAfter(List<String[]> rows, String time) {
    String t = stamp(time);
    for (int i = 0; i < rows.size(); i++) {
      if (rows.get(i)[0].compareTo(t) >= 0) {
        return i;
      }
    }
    return rows.size() - 1;
  }

  private static int lastAtOrBefore(List<String[]> rows, String time) {
    String t = stamp(time);
    for (int i = rows.size() - 1; i >= 0; i--) {
      if (rows.get(i)[0].compareTo(t) <= 0) {
        return i;
      }
    }
    return 0;
  }
}
