package io.vigie.streams.detect;

/**
 * Volume spikes of one key (a watch rule, a hashtag, a term, everything), one bucket at a time.
 *
 * <p>The baseline is an exponentially weighted mean and variance of {@code ln(1 + count)}: in log
 * space a busy key's noise and a quiet key's noise look alike, and one burst does not drag the mean
 * far. A bucket is significant when all of these hold:
 *
 * <ul>
 *   <li>its log count is {@code zOpen} standard deviations above the mean (the deviation floored,
 *       so that a flat history does not make every wobble significant);
 *   <li>the count is at least {@code minRatio} times the expected count;
 *   <li>under a Poisson law with the expected count, a count this high has a probability below
 *       {@code maxTail}: small-count significance, so that a sparse crisis key going from nothing
 *       to a dozen posts alerts, while a key going from 0 to 2 does not.
 * </ul>
 *
 * An episode opens after {@code openAfter} significant buckets in a row once the baseline has
 * {@code warmup} buckets, and stays open, the baseline frozen, until {@code calmBuckets} buckets in
 * a row are back under {@code zClose}; then no new episode opens for {@code cooldownBuckets}. One
 * alert per episode. Pure and deterministic: the streams processor, the backtest and the tests all
 * drive it the same way.
 */
public final class SpikeDetector {

  /** The tunables; {@link #defaults()} are fixed from the literature, not searched on test data. */
  public record Settings(
      double alpha,
      double zOpen,
      int openAfter,
      double zClose,
      double minRatio,
      double maxTail,
      double minDeviation,
      int warmup,
      int calmBuckets,
      int cooldownBuckets,
      int maxEpisodeBuckets) {

    /**
     * For 5-minute buckets: EWMA α 0.02 (a memory of about 50 buckets), open at z 4, close after 6
     * buckets under z 2, cool down 12 hours (144 buckets), episodes of at most a day.
     */
    public static Settings defaults() {
      return new Settings(0.02, 4.0, 1, 2.0, 2.0, 1e-6, 0.15, 24, 6, 144, 288);
    }

    public Settings withOpening(double zOpen, int openAfter, int cooldownBuckets) {
      return new Settings(
          alpha,
          zOpen,
          openAfter,
          zClose,
          minRatio,
          maxTail,
          minDeviation,
          warmup,
          calmBuckets,
          cooldownBuckets,
          maxEpisodeBuckets);
    }
  }

  /** What a bucket did to the key's episode. */
  public enum Transition {
    NONE,
    OPENED,
    CONTINUED,
    CLOSED
  }

  /** The outcome of one bucket: what happened, and the evidence an alert explains. */
  public record Step(Transition transition, long observed, double expected, double z, double tail) {

    /** A score from 0 to 1 for NAB-style result files: the deviation squashed. */
    public double anomalyScore() {
      return z <= 0 ? 0 : 1 - Math.exp(-z / 4);
    }
  }

  private final Settings settings;
  private final double[] season;
  private final int[] seasonVisits;
  private double mean;
  private double variance;
  private long buckets;
  private boolean open;
  private int calm;
  private int significantInARow;
  private int episodeLength;
  private long cooldownUntil;

  /** A detector without a daily cycle. */
  public SpikeDetector(Settings settings) {
    this(settings, 0);
  }

  /**
   * A detector that learns a cycle of {@code slots} (24 for the hours of a day, 168 for those of a
   * week; 0 for none): the expected log count is the level plus the slot's own offset, so that the
   * morning rise of every day is not a spike.
   */
  public SpikeDetector(Settings settings, int slots) {
    this.settings = settings;
    this.season = new double[Math.max(slots, 1)];
    this.seasonVisits = new int[Math.max(slots, 1)];
  }

  public boolean inEpisode() {
    return open;
  }

  /** Feeds the count of the next bucket. */
  public Step next(long count) {
    return next(count, 0);
  }

  /** Feeds the count of the next bucket, which falls in cycle slot {@code slot}. */
  public Step next(long count, int slot) {
    int at = Math.floorMod(slot, season.length);
    double y = Math.log1p(count) - season[at];
    long index = buckets++;
    if (index == 0) {
      mean = y;
      variance = 0;
      return new Step(Transition.NONE, count, count, 0, 1);
    }
    double deviation = Math.max(settings.minDeviation(), Math.sqrt(variance));
    double z = (y - mean) / deviation;
    double expected = Math.expm1(mean + season[at]);
    double tail = Poisson.upperTail(count, Math.max(expected, 0.5));
    boolean significant =
        z >= settings.zOpen()
            && count >= settings.minRatio() * Math.max(expected, 0.5)
            && tail <= settings.maxTail();
    // The cycle keeps learning during an episode (the level does not): otherwise the first busy
    // morning opens an episode that never ends, since the hour it belongs to is never learned.
    learnSeason(at, y + season[at]);
    Transition transition;
    if (!open) {
      significantInARow = significant ? significantInARow + 1 : 0;
      if (significantInARow >= settings.openAfter()
          && index >= settings.warmup()
          && index >= cooldownUntil) {
        open = true;
        calm = 0;
        significantInARow = 0;
        episodeLength = 1;
        transition = Transition.OPENED;
      } else {
        learn(y);
        transition = Transition.NONE;
      }
    } else {
      episodeLength++;
      calm = z < settings.zClose() ? calm + 1 : 0;
      if (calm >= settings.calmBuckets() || episodeLength >= settings.maxEpisodeBuckets()) {
        open = false;
        cooldownUntil = index + settings.cooldownBuckets();
        transition = Transition.CLOSED;
      } else {
        transition = Transition.CONTINUED;
      }
    }
    return new Step(transition, count, expected, z, tail);
  }

  /**
   * The slot's offset from the level: a running mean over its first visits, then an EWMA (weeks of
   * 5-minute buckets visit each hour slot twelve times a day).
   */
  private void learnSeason(int at, double y) {
    if (season.length == 1) {
      return;
    }
    seasonVisits[at]++;
    double rate = Math.max(settings.alpha(), 1.0 / seasonVisits[at]);
    season[at] += rate * ((y - mean) - season[at]);
  }

  private void learn(double y) {
    double delta = y - mean;
    mean += settings.alpha() * delta;
    variance = (1 - settings.alpha()) * (variance + settings.alpha() * delta * delta);
  }
}
