package io.vigie.devtools.eval;

import java.util.List;

/**
 * The Numenta Anomaly Benchmark's score for a detector's binary alerts, computed exactly as NAB
 * does (see docs/detection.md): a probationary period, scaled-sigmoid row weights inside and after
 * the labelled windows, the earliest detection of each window counted, every detection outside
 * windows penalised. Binary alerts need no threshold search, so nothing is tuned on the scored
 * files.
 */
public final class NabScorer {

  /** Weights of a true positive, a false positive and a false negative. */
  public record Profile(double truePositive, double falsePositive, double falseNegative) {
    public static final Profile STANDARD = new Profile(1.0, 0.11, 1.0);
    public static final Profile REWARD_LOW_FP = new Profile(1.0, 0.22, 1.0);
    public static final Profile REWARD_LOW_FN = new Profile(1.0, 0.11, 2.0);
  }

  /** A labelled window, as row indices, both ends included. */
  public record Window(int left, int right) {}

  /** One file's raw score, its perfect and null scores, and what was detected. */
  public record FileScore(
      double raw, double perfect, double nullScore, int windows, int windowsHit, int falseAlerts) {}

  private NabScorer() {}

  static double sigmoid(double x) {
    return x > 3 ? -1 : 2 / (1 + Math.exp(5 * x)) - 1;
  }

  public static FileScore score(boolean[] alerts, List<Window> windows, Profile profile) {
    int n = alerts.length;
    int probation = Math.min((int) Math.floor(0.15 * n), 750);
    double raw = 0;
    int scorableWindows = 0;
    int hit = 0;
    int falseAlerts = 0;
    for (Window w : windows) {
      boolean scorable = w.right() >= probation;
      if (!scorable) {
        continue;
      }
      scorableWindows++;
      int width = w.right() - w.left() + 1;
      Double best = null;
      for (int i = Math.max(w.left(), probation); i <= w.right(); i++) {
        if (alerts[i]) {
          double position = -(w.right() - i + 1) / (double) width;
          best = sigmoid(position) * profile.truePositive() / sigmoid(-1);
          break; // the earliest detection counts
        }
      }
      if (best == null) {
        raw -= profile.falseNegative();
      } else {
        raw += best;
        hit++;
      }
    }
    for (int i = probation; i < n; i++) {
      if (!alerts[i] || inWindow(i, windows)) {
        continue;
      }
      falseAlerts++;
      Window previous = null;
      for (Window w : windows) {
        if (w.right() < i) {
          previous = w;
        }
      }
      if (previous == null) {
        raw -= profile.falsePositive();
      } else {
        int width = previous.right() - previous.left() + 1;
        raw +=
            sigmoid(Math.abs(previous.right() - i) / (double) Math.max(1, width - 1))
                * profile.falsePositive();
      }
    }
    return new FileScore(
        raw,
        profile.truePositive() * windows.size(),
        -profile.falseNegative() * scorableWindows,
        windows.size(),
        hit,
        falseAlerts);
  }

  private static boolean inWindow(int i, List<Window> windows) {
    return windows.stream().anyMatch(w -> i >= w.left() && i <= w.right());
  }

  /** NAB's normalised score over several files: {@code 100 (S - S_null) / (S_perfect - S_null)}. */
  public static double normalised(List<FileScore> files) {
    double raw = files.stream().mapToDouble(FileScore::raw).sum();
    double perfect = files.stream().mapToDouble(FileScore::perfect).sum();
    double nullScore = files.stream().mapToDouble(FileScore::nullScore).sum();
    return 100 * (raw - nullScore) / (perfect - nullScore);
  }
}
