package io.vigie.streams.detect;

import java.time.Duration;

/**
 * A {@link SpikeDetector}'s tunables, in buckets. {@link #forBucket} gives them the same meaning in
 * time whatever the bucket width; the threshold comes from the false-alarm budget, not from data.
 *
 * @param alpha the level's EWMA weight (a memory of about 4 hours)
 * @param seasonAlpha the hour-of-day factors' EWMA weight (a memory of about 4 days of visits)
 * @param dispersionAlpha the variance's EWMA weight (a memory of about 4 days)
 * @param threshold the CUSUM log-likelihood ratio that opens an episode
 * @param warmup buckets seen before an episode may open
 * @param calmBuckets buckets in a row back near the baseline that close an episode
 * @param cooldownBuckets buckets after an episode before the next may open
 * @param maxEpisodeBuckets the longest episode; a change that lasts longer is the new level
 * @param smallestShift the smallest of {@link SpikeDetector#SHIFTS} watched (all of them on busy
 *     keys, only {@link SpikeDetector#BURST_SHIFT} on hashtags and terms)
 * @param minExpected the expectation floor: a key never seen active is assumed to see a post every
 *     50 minutes, so that a handful of posts in minutes stands out on it and one or two do not
 */
public record SpikeSettings(
    double alpha,
    double seasonAlpha,
    double dispersionAlpha,
    double threshold,
    int warmup,
    int calmBuckets,
    int cooldownBuckets,
    int maxEpisodeBuckets,
    double smallestShift,
    double minExpected) {

  /** For 5-minute buckets, judged as one busy key of the default deployment. */
  public static SpikeSettings defaults() {
    return forBucket(Duration.ofMinutes(5));
  }

  /**
   * For buckets of {@code width}, judged as one busy key of the default deployment (a count series
   * of {@code vigie backtest --format COUNTS}, the console's volume chart).
   */
  public static SpikeSettings forBucket(Duration width) {
    return forBucket(width, DetectionSettings.defaults().budget().threshold(true, width, 1));
  }

  /**
   * For buckets of {@code width}: a level memory of about 4 hours, hour factors and dispersion of
   * about 4 days, a warm-up of 2 hours, a calm period of 30 minutes, a cooldown of 12 hours and
   * episodes of at most a day, in time, whatever the bucket.
   */
  public static SpikeSettings forBucket(Duration width, double threshold) {
    double perFive = width.toMillis() / 300_000.0;
    return new SpikeSettings(
        Math.min(0.5, 0.02 * perFive),
        Math.min(0.5, 0.02 * perFive),
        Math.min(0.5, perFive / 1152),
        threshold,
        buckets(24, perFive),
        buckets(6, perFive),
        buckets(144, perFive),
        buckets(288, perFive),
        SpikeDetector.SHIFTS[0],
        0.1 * perFive);
  }

  private static int buckets(int atFiveMinutes, double perFive) {
    return Math.max(1, (int) Math.round(atFiveMinutes / perFive));
  }

  public SpikeSettings withThreshold(double h) {
    return new SpikeSettings(
        alpha,
        seasonAlpha,
        dispersionAlpha,
        h,
        warmup,
        calmBuckets,
        cooldownBuckets,
        maxEpisodeBuckets,
        smallestShift,
        minExpected);
  }

  /** A level that remembers about {@code memory} of buckets of {@code width}. */
  public SpikeSettings withLevelMemory(Duration memory, Duration width) {
    return new SpikeSettings(
        Math.min(0.5, (double) width.toMillis() / memory.toMillis()),
        seasonAlpha,
        dispersionAlpha,
        threshold,
        warmup,
        calmBuckets,
        cooldownBuckets,
        maxEpisodeBuckets,
        smallestShift,
        minExpected);
  }

  /** Watching only shifts of {@code smallest} and more. */
  public SpikeSettings withSmallestShift(double smallest) {
    return new SpikeSettings(
        alpha,
        seasonAlpha,
        dispersionAlpha,
        threshold,
        warmup,
        calmBuckets,
        cooldownBuckets,
        maxEpisodeBuckets,
        smallest,
        minExpected);
  }

  public SpikeSettings withCooldown(int buckets) {
    return new SpikeSettings(
        alpha,
        seasonAlpha,
        dispersionAlpha,
        threshold,
        warmup,
        calmBuckets,
        buckets,
        maxEpisodeBuckets,
        smallestShift,
        minExpected);
  }
}
