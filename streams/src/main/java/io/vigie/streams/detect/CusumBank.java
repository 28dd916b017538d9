package io.vigie.streams.detect;

import static io.vigie.streams.detect.SpikeDetector.SHIFTS;

import java.util.Arrays;

/**
 * A {@link SpikeDetector}'s CUSUMs, one per shift of {@link SpikeDetector#SHIFTS} it watches, each
 * with the window it has been rising over (posts, expectation and buckets since it last was 0), the
 * evidence an alert quotes. Shifts below {@link #firstShift} are not watched and stay at 0.
 */
final class CusumBank {

  /** The index of the smallest shift watched. */
  final int firstShift;

  final double[] score = new double[SHIFTS.length];
  final long[] count = new long[SHIFTS.length];
  final double[] expected = new double[SHIFTS.length];
  final int[] length = new int[SHIFTS.length];

  CusumBank(double smallestShift) {
    this.firstShift = SHIFTS.length - Math.max(1, SpikeDetector.shiftsFrom(smallestShift));
  }

  /** How many shifts are watched. */
  int watched() {
    return SHIFTS.length - firstShift;
  }

  /**
   * Adds a bucket of {@code posts} against mean {@code mu} and dispersion {@code phi} to every
   * watched CUSUM; returns the index of the highest (the smallest shift when all are 0).
   */
  int add(long posts, double mu, double phi) {
    int best = firstShift;
    for (int s = firstShift; s < SHIFTS.length; s++) {
      score[s] += logLikelihoodRatio(posts, mu, SHIFTS[s], phi);
      count[s] += posts;
      expected[s] += mu;
      length[s]++;
      if (score[s] <= 0) {
        score[s] = 0;
        count[s] = 0;
        expected[s] = 0;
        length[s] = 0;
      }
      if (score[s] > score[best]) {
        best = s;
      }
    }
    return best;
  }

  /**
   * {@code k} silent buckets expecting {@code expectedSum} in all: a silent bucket only lowers a
   * CUSUM. Returns whether every CUSUM is back at 0.
   */
  boolean addQuiet(long k, double expectedSum) {
    for (int s = 0; s < SHIFTS.length; s++) {
      score[s] = Math.max(0, score[s] - (SHIFTS[s] - 1) * expectedSum);
      expected[s] += expectedSum;
      length[s] += (int) Math.min(k, Integer.MAX_VALUE / 2);
      if (score[s] == 0) {
        count[s] = 0;
        expected[s] = 0;
        length[s] = 0;
      }
    }
    return Arrays.stream(score).allMatch(value -> value == 0);
  }

  void reset() {
    Arrays.fill(score, 0);
    Arrays.fill(count, 0);
    Arrays.fill(expected, 0);
    Arrays.fill(length, 0);
  }

  /**
   * The log-likelihood ratio of {@code count} under mean {@code rho mu} against mean {@code mu},
   * both negative binomial with the same size {@code 1/phi} (Poisson when {@code phi} is 0).
   */
  static double logLikelihoodRatio(long count, double mu, double rho, double phi) {
    if (phi < 1e-9) {
      return count * Math.log(rho) - mu * (rho - 1);
    }
    double size = 1 / phi;
    return count * Math.log(rho * (size + mu) / (size + rho * mu))
        + size * Math.log((size + mu) / (size + rho * mu));
  }
}
