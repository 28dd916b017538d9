package io.vigie.streams.detect;

/**
 * A key's own record of chance excursions (peaks of its CUSUMs over a base level {@link #BASE}),
 * which turns the false-alarm budget into a threshold that holds even where the model is wrong
 * (bursty busy keys): the mean excess of the CUSUM's peaks over the base, an exponential mean
 * estimated with censoring (an excursion that opened an episode is known only to exceed the
 * threshold): {@code excessSum / excessCount}, both EWMAs over excursions, starting from one
 * pseudo-excursion of excess 1.
 */
final class ExcursionCalibration {

  /**
   * The level above which the CUSUM's excursions are recorded to calibrate the threshold: under the
   * model, {@code e^-3} (5%) of the buckets, so most are below it and excursions past it are seen
   * every few hours on a busy key.
   */
  static final double BASE = 3;

  /** The weight of one excursion in the mean excess: a memory of about 20 excursions. */
  private static final double EXCESS_WEIGHT = 0.05;

  double excessSum = 1;
  double excessCount = 1;
  double excursionPeak;

  /**
   * The threshold for a budget's {@code h}: {@code h}, or higher where this key's own excursions
   * say the model underrates chance (the anomaly-likelihood idea of Ahmad et al. 2017: judge a
   * score against the score's own history). Under the model, a log-likelihood CUSUM's excess over a
   * level is about exponential with mean 1, so the budget asks for an excess of {@code h - base}
   * over the base. A key whose peaks over the base have a mean excess {@code T > 1} (extreme-value
   * theory's peaks over threshold, shape 0) is asked for the same tail probability on its own
   * scale: {@code base + T (h - base)}.
   */
  double threshold(double h) {
    return Math.max(h, BASE + (excessSum / excessCount) * (h - BASE));
  }

  /**
   * Follows the CUSUM's excursions past the base while no episode is open: one ends, its peak's
   * excess recorded, when the score falls back to zero, or when an episode opens (then the excess
   * is censored: the peak was at least that).
   */
  void record(double score, boolean opening) {
    if (score > BASE) {
      excursionPeak = Math.max(excursionPeak, score);
    }
    if (excursionPeak > 0 && (opening || score == 0)) {
      // An opening excursion is censored at the threshold: all it says is that it got there.
      double peak = excursionPeak;
      excessSum += EXCESS_WEIGHT * ((peak - BASE) - excessSum);
      excessCount += EXCESS_WEIGHT * ((opening ? 0 : 1) - excessCount);
      excursionPeak = 0;
    }
  }
}
