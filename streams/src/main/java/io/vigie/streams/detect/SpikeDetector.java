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
      int maxEpisodeBuckets,
      double minExpected) {

    /**
     * For 5-minute buckets: EWMA α 0.02 (a memory of about 50 buckets), open at z 4, close after 6
     * buckets under z 2, cool down 12 hours (144 buckets), episodes of at most a day.
     */
    public static Settings defaults() {
      return new Settings(0.02, 4.0, 1, 2.0, 2.0, 1e-6, 0.15, 24, 6, 144, 288, 0.5);
    }

    /**
     * The defaults rescaled to buckets of {@code width}: the same memory (about 4 hours), warm-up
     * (2 hours), calm period (30 minutes), cooldown (12 hours) and longest episode (a day) in time,
     * whatever the bucket. The expectation floor scales with the width: a key never seen active is
     * assumed to see a post every 50 minutes, so that three posts in a minute stand out on it and
     * one or two do not.
     */
    public static Settings forBucket(java.time.Duration width) {
      double perFive = width.toMillis() / 300_000.0;
      Settings five = defaults();
      return new Settings(
          Math.min(0.5, five.alpha() * perFive),
          five.zOpen(),
          five.openAfter(),
          five.zClose(),
          five.minRatio(),
          five.maxTail(),
          five.minDeviation(),
          buckets(five.warmup(), perFive),
          buckets(five.calmBuckets(), perFive),
          buckets(five.cooldownBuckets(), perFive),
          buckets(five.maxEpisodeBuckets(), perFive),
          0.1 * perFive);
    }

    private static int buckets(int atFiveMinutes, double perFive) {
      return Math.max(1, (int) Math.round(atFiveMinutes / perFive));
    }

    public Settings withMinExpected(double floor) {
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
          maxEpisodeBuckets,
          floor);
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
          maxEpisodeBuckets,
          minExpected);
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

  /** EWMA of the deseasonalised count itself: the Poisson expectation (log means underestimate). */
  private double level;

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

  /**
   * A detector for a key first seen once the pipeline has run long enough to know it was silent
   * before: its history is taken as quiet (a warmed-up baseline of zero counts), so that a
   * brand-new crisis term can alert on its first burst instead of waiting out a warm-up.
   */
  public static SpikeDetector withQuietHistory(Settings settings, int slots) {
    SpikeDetector detector = new SpikeDetector(settings, slots);
    detector.buckets = settings.warmup();
    detector.mean = 0;
    detector.variance = 0;
    detector.level = 0;
    return detector;
  }

  public boolean inEpisode() {
    return open;
  }

  /**
   * {@code k} buckets without a single post, outside an episode, in one step: the baseline decays
   * towards silence as {@code k} calls of {@code next(0)} would (the daily cycle aside), so that a
   * key quiet for a day costs one call, not a thousand.
   */
  public void skipQuiet(long k) {
    if (open) {
      throw new IllegalStateException("an open episode must see its buckets one by one");
    }
    if (k <= 0) {
      return;
    }
    if (buckets == 0) {
      level = 0;
    }
    double decay = Math.pow(1 - settings.alpha(), (double) k);
    mean *= decay;
    level *= decay;
    variance *= decay;
    buckets += k;
    significantInARow = 0;
  }

  /** Forgets an open episode and any cooldown, silently: for a baseline moved to another time. */
  public void forgetEpisode() {
    open = false;
    calm = 0;
    significantInARow = 0;
    episodeLength = 0;
    cooldownUntil = 0;
  }

  /** Buckets seen so far. */
  public long buckets() {
    return buckets;
  }

  /** The count the baseline expects in a bucket of cycle slot {@code slot}. */
  public double expected(int slot) {
    return expectedAt(Math.floorMod(slot, season.length));
  }

  private double expectedAt(int at) {
    return Math.max(settings.minExpected(), level * Math.exp(season[at]));
  }

  /**
   * Judges a bucket still filling, without consuming it: opens the episode now if its count so far
   * is already significant (a partial count can only grow, so the bucket would be significant when
   * complete too). Returns the opening step, or {@code null} when nothing opens. The bucket is fed
   * with {@link #next} as usual when it completes. The bucket so far is also judged together with
   * the one before ({@code previousCount} posts) as one window of two buckets: a burst that
   * straddles a bucket boundary is as significant as one that does not.
   */
  public Step early(long partialCount, long previousCount, int slot) {
    if (open || settings.openAfter() > 1 || buckets < 1) {
      return null;
    }
    Step step = judge(partialCount, slot);
    if (!significant(step) && previousCount > 0) {
      step = judgeTwo(partialCount + previousCount, slot);
    }
    if (!significant(step) || buckets < settings.warmup() || buckets < cooldownUntil) {
      return null;
    }
    open = true;
    calm = 0;
    significantInARow = 0;
    episodeLength = 0;
    return new Step(Transition.OPENED, step.observed(), step.expected(), step.z(), step.tail());
  }

  private Step judge(long count, int slot) {
    int at = Math.floorMod(slot, season.length);
    double y = Math.log1p(count) - season[at];
    double deviation = Math.max(settings.minDeviation(), Math.sqrt(variance));
    double z = (y - mean) / deviation;
    double expected = expectedAt(at);
    return new Step(Transition.NONE, count, expected, z, Poisson.upperTail(count, expected));
  }

  /** Two buckets' posts judged as one window: twice the expectation, the mean count per bucket. */
  private Step judgeTwo(long count, int slot) {
    int at = Math.floorMod(slot, season.length);
    double y = Math.log1p(count / 2.0) - season[at];
    double deviation = Math.max(settings.minDeviation(), Math.sqrt(variance));
    double expected = 2 * expectedAt(at);
    return new Step(
        Transition.NONE,
        count,
        expected,
        (y - mean) / deviation,
        Poisson.upperTail(count, expected));
  }

  /**
   * The log-space deviation speaks for busy keys, whose counts are overdispersed; below one post
   * expected per bucket it means little (the log of mostly zeros), and the Poisson tail alone
   * decides.
   */
  private boolean significant(Step step) {
    return (step.z() >= settings.zOpen() || step.expected() < 1)
        && step.observed() >= settings.minRatio() * step.expected()
        && step.tail() <= settings.maxTail();
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
      level = count;
      return new Step(Transition.NONE, count, count, 0, 1);
    }
    Step judged = judge(count, slot);
    double z = judged.z();
    double expected = judged.expected();
    double tail = judged.tail();
    boolean significant = significant(judged);
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
        learn(y, count / Math.exp(season[at]));
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

  private void learn(double y, double deseasonalisedCount) {
    level += settings.alpha() * (deseasonalisedCount - level);
    double delta = y - mean;
    mean += settings.alpha() * delta;
    variance = (1 - settings.alpha()) * (variance + settings.alpha() * delta * delta);
  }

  /** Writes the detector's state (not its settings) for a state store. */
  public void write(java.io.DataOutput out) throws java.io.IOException {
    out.writeDouble(mean);
    out.writeDouble(variance);
    out.writeDouble(level);
    out.writeLong(buckets);
    out.writeBoolean(open);
    out.writeInt(calm);
    out.writeInt(significantInARow);
    out.writeInt(episodeLength);
    out.writeLong(cooldownUntil);
    out.writeShort(season.length);
    for (int i = 0; i < season.length; i++) {
      out.writeDouble(season[i]);
      out.writeInt(seasonVisits[i]);
    }
  }

  /** Reads a state written by {@link #write}, under the given settings. */
  public static SpikeDetector read(Settings settings, java.io.DataInput in)
      throws java.io.IOException {
    double mean = in.readDouble();
    double variance = in.readDouble();
    double level = in.readDouble();
    long buckets = in.readLong();
    boolean open = in.readBoolean();
    int calm = in.readInt();
    int inARow = in.readInt();
    int length = in.readInt();
    long cooldownUntil = in.readLong();
    int slots = in.readShort();
    SpikeDetector detector = new SpikeDetector(settings, slots == 1 ? 0 : slots);
    detector.mean = mean;
    detector.variance = variance;
    detector.level = level;
    detector.buckets = buckets;
    detector.open = open;
    detector.calm = calm;
    detector.significantInARow = inARow;
    detector.episodeLength = length;
    detector.cooldownUntil = cooldownUntil;
    for (int i = 0; i < slots; i++) {
      detector.season[i] = in.readDouble();
      detector.seasonVisits[i] = in.readInt();
    }
    return detector;
  }
}
