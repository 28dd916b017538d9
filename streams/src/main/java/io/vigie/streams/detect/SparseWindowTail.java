package io.vigie.streams.detect;

import static io.vigie.streams.detect.SpikeDetector.SHIFTS;

/**
 * A sparse key's evidence judged exactly. Below one post expected per bucket, counts are a few
 * posts against almost none, and the CUSUM's bound ({@code e^-h} for a crossing of {@code h}) is
 * loose: three posts in a minute against 0.03 expected have a Poisson tail of 4.4e-6, while their
 * log-likelihood ratio (10.8) bounds it only by 2e-5. So the windows the CUSUMs are rising over are
 * judged by their exact tail (negative binomial with the key's dispersion, Poisson without), the
 * smallest one corrected for the number of distinct windows looked at. A crossing of the threshold
 * implies a tail this small anyway (Chernoff), so the rule only adds the sparse bursts the bound
 * hides; it spends the same allowance per bucket as the CUSUMs do.
 */
final class SparseWindowTail {

  /**
   * The most posts a window may expect and still be judged by its exact tail: a few posts against
   * less than one expected, where the CUSUM's bound is loose. A longer, fuller window is the
   * CUSUM's to judge: its bound is then close to the tail, and an exact Poisson tail over hours
   * would take the day's own drift (a first morning, a cycle not yet learned) for evidence.
   */
  static final double SPARSE_WINDOW_EXPECTED = 1;

  private SparseWindowTail() {}

  /**
   * The corrected tail of the windows (posts, expectations and lengths per shift, those from {@code
   * firstShift} on watched) against a bucket expecting {@code mu}; 1 on a busy key or when no CUSUM
   * is rising.
   */
  static double of(
      double mu,
      SpikeBaseline baseline,
      int firstShift,
      long[] counts,
      double[] expectations,
      int[] lengths) {
    if (mu >= 1) {
      return 1;
    }
    double phi = baseline.sparseDispersion();
    double smallest = 1;
    int distinct = 0;
    for (int s = firstShift; s < SHIFTS.length; s++) {
      if (lengths[s] == 0 || expectations[s] > SPARSE_WINDOW_EXPECTED) {
        continue;
      }
      boolean seen = false;
      for (int o = firstShift; o < s; o++) {
        seen |= lengths[o] == lengths[s];
      }
      if (!seen) {
        distinct++;
        smallest = Math.min(smallest, tail(counts[s], expectations[s], lengths[s], phi));
      }
    }
    return distinct == 0 ? 1 : Math.min(1, smallest * distinct);
  }

  /**
   * The tail of {@code count} posts over {@code buckets} buckets expecting {@code expected}:
   * negative binomial when the key's counts are overdispersed (a sum of {@code buckets} counts of
   * size {@code 1/phi} has size {@code buckets/phi}), else Poisson. A sparse key of chatter is
   * bursty (a conversation, a few retweets): judged as Poisson, its bursts would look far rarer
   * than they are.
   */
  private static double tail(long count, double expected, int buckets, double phi) {
    return phi < 1e-9
        ? Poisson.upperTail(count, expected)
        : Poisson.negativeBinomialUpperTail(count, expected, buckets / phi);
  }
}
