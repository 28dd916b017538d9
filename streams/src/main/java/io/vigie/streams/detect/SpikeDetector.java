package io.vigie.streams.detect;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;

/**
 * Volume spikes of one key (a watch rule, a hashtag, a term, everything) as sequential change
 * detection: a negative-binomial CUSUM (Page 1954; Lucas 1985 for counts) run for several shift
 * sizes at once, against a robust, seasonal baseline.
 *
 * <p><b>Model.</b> A bucket's count is negative binomial with mean {@code mu = level x
 * factor(hour)} and variance {@code mu + phi mu^2}. The level is an EWMA of deseasonalised counts,
 * the hour-of-day factors slow EWMAs of each hour's counts (busy keys only), and the dispersion
 * {@code phi} comes from an EWMA of squared deviations (0 when the counts look Poisson, as a sparse
 * key's do). Every update is winsorised (a count counts at most a few standard deviations above the
 * expectation) and the baseline is frozen while an episode is open, so that bursts do not teach the
 * baseline.
 *
 * <p><b>Statistic.</b> For each shift {@code rho} in {@link #SHIFTS}, the CUSUM of the
 * log-likelihood ratio of "the mean is {@code rho mu}" against "the mean is {@code mu}": {@code S =
 * max(0, S + llr(count))}. A small shift accumulates a slow build-up over hours; a large one fires
 * within minutes on a burst against a near-zero baseline (each post adds {@code ln rho}). The CUSUM
 * is the fastest detector of a change of a given size at a given false-alarm rate (Lorden 1971;
 * Moustakides 1986), and its windows are of every length, from one bucket to many hours.
 *
 * <p><b>Threshold.</b> An episode opens when one CUSUM reaches {@code threshold}. A log-likelihood
 * CUSUM crosses {@code h} under the baseline at most once every {@code e^h} buckets on average, so
 * {@code h} is set from a false-alarm budget ({@link DetectionSettings.Budget}).
 *
 * <p>The episode stays open, the baseline frozen, until {@code calmBuckets} buckets in a row are
 * back under two standard deviations (or {@code maxEpisodeBuckets}: a lasting change then becomes
 * the new level); then no new episode opens for {@code cooldownBuckets}. One alert per episode.
 * Pure and deterministic: the streams processor, the backtest and the tests all drive it the same
 * way.
 */
public final class SpikeDetector {

  /**
   * The shift sizes watched at once, a factor 3 apart: from a 50% rise (a slow build-up on a busy
   * key) to 81 times the baseline (a sparse crisis key waking up).
   */
  static final double[] SHIFTS = {1.5, 4.5, 13.5, 40.5, 121.5};

  /**
   * The only shift hashtags and terms watch: a burst. Every word follows the daily cycle of all
   * posts, which their baselines do not learn (thousands of keys), and a word's slow growth is the
   * weak-signal tracker's job, which judges shares, where the cycle cancels out. Against a shift of
   * 40.5 a rate must jump about elevenfold ({@code rho / ln rho}) before the CUSUM gains at all.
   */
  public static final double BURST_SHIFT = 40.5;

  /**
   * Until a few days of counts say otherwise, a key's counts are taken as overdispersed: a
   * coefficient of variation of 50% on top of Poisson noise, as social counts have (a busy key's
   * first evening is not a spike). Sparse keys are Poisson all the same: {@code phi mu^2} vanishes.
   */
  static final double PRIOR_DISPERSION = 0.25;

  /** How many of {@link #SHIFTS} a key watches when its smallest is {@code smallest}. */
  static int shiftsFrom(double smallest) {
    int n = 0;
    for (double shift : SHIFTS) {
      n += shift >= smallest ? 1 : 0;
    }
    return n;
  }

  /**
   * The level above which the CUSUM's excursions are recorded to calibrate the threshold: under the
   * model, {@code e^-3} (5%) of the buckets, so most are below it and excursions past it are seen
   * every few hours on a busy key.
   */
  static final double BASE = 3;

  /** The weight of one excursion in the mean excess: a memory of about 20 excursions. */
  private static final double EXCESS_WEIGHT = 0.05;

  /**
   * How far hour-of-day factors of social counts spread around 1 (a coefficient of variation): the
   * prior a slot's own mean must outweigh before it moves the expectation (a daily cycle of about
   * twofold from night to evening).
   */
  private static final double FACTOR_SPREAD = 0.5;

  /**
   * The most posts a window may expect and still be judged by its exact tail: a few posts against
   * less than one expected, where the CUSUM's bound is loose. A longer, fuller window is the
   * CUSUM's to judge: its bound is then close to the tail, and an exact Poisson tail over hours
   * would take the day's own drift (a first morning, a cycle not yet learned) for evidence.
   */
  static final double SPARSE_WINDOW_EXPECTED = 1;

  /** A count counts at most this many standard deviations above the expectation in learning. */
  private static final double WINSOR_SD = 4;

  /** An episode's bucket is calm under this many standard deviations above the expectation. */
  private static final double CALM_SD = 2;

  /**
   * The tunables, in buckets. {@link #forBucket} gives them the same meaning in time whatever the
   * bucket width; the threshold comes from the false-alarm budget, not from data.
   *
   * @param alpha the level's EWMA weight (a memory of about 4 hours)
   * @param seasonAlpha the hour-of-day factors' EWMA weight (a memory of about 4 days of visits)
   * @param dispersionAlpha the variance's EWMA weight (a memory of about 4 days)
   * @param threshold the CUSUM log-likelihood ratio that opens an episode
   * @param warmup buckets seen before an episode may open
   * @param calmBuckets buckets in a row back near the baseline that close an episode
   * @param cooldownBuckets buckets after an episode before the next may open
   * @param maxEpisodeBuckets the longest episode; a change that lasts longer is the new level
   * @param smallestShift the smallest of {@link #SHIFTS} watched (all of them on busy keys, only
   *     {@link #BURST_SHIFT} on hashtags and terms)
   * @param minExpected the expectation floor: a key never seen active is assumed to see a post
   *     every 50 minutes, so that a handful of posts in minutes stands out on it and one or two do
   *     not
   */
  public record Settings(
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
    public static Settings defaults() {
      return forBucket(Duration.ofMinutes(5));
    }

    /**
     * For buckets of {@code width}, judged as one busy key of the default deployment (a count
     * series of {@code vigie backtest --format COUNTS}, the console's volume chart).
     */
    public static Settings forBucket(Duration width) {
      return forBucket(width, DetectionSettings.defaults().budget().threshold(true, width, 1));
    }

    /**
     * For buckets of {@code width}: a level memory of about 4 hours, hour factors and dispersion of
     * about 4 days, a warm-up of 2 hours, a calm period of 30 minutes, a cooldown of 12 hours and
     * episodes of at most a day, in time, whatever the bucket.
     */
    public static Settings forBucket(Duration width, double threshold) {
      double perFive = width.toMillis() / 300_000.0;
      return new Settings(
          Math.min(0.5, 0.02 * perFive),
          Math.min(0.5, 0.02 * perFive),
          Math.min(0.5, perFive / 1152),
          threshold,
          buckets(24, perFive),
          buckets(6, perFive),
          buckets(144, perFive),
          buckets(288, perFive),
          SHIFTS[0],
          0.1 * perFive);
    }

    private static int buckets(int atFiveMinutes, double perFive) {
      return Math.max(1, (int) Math.round(atFiveMinutes / perFive));
    }

    public Settings withThreshold(double h) {
      return new Settings(
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
    public Settings withLevelMemory(Duration memory, Duration width) {
      return new Settings(
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
    public Settings withSmallestShift(double smallest) {
      return new Settings(
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

    public Settings withCooldown(int buckets) {
      return new Settings(
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

  /** What a bucket did to the key's episode. */
  public enum Transition {
    NONE,
    OPENED,
    CONTINUED,
    CLOSED
  }

  /**
   * The outcome of one bucket: what happened, and the evidence an alert explains.
   *
   * @param observed the bucket's count (so far, when judged early)
   * @param expected what the baseline expects in the bucket
   * @param score the strongest CUSUM's log-likelihood ratio
   * @param tail {@code e^-score}: how often the baseline alone would reach this evidence (a bound)
   * @param windowPosts posts over the evidence window: the buckets the strongest CUSUM has been
   *     rising over, this one included
   * @param windowExpected what the baseline expects over the same buckets
   * @param windowBuckets how many buckets the evidence window spans
   */
  public record Step(
      Transition transition,
      long observed,
      double expected,
      double score,
      double tail,
      long windowPosts,
      double windowExpected,
      int windowBuckets) {

    /** A score from 0 to 1 for NAB-style result files: 0.5 at the threshold {@code h}. */
    public double anomalyScore(double threshold) {
      return score <= 0 ? 0 : Math.min(1, score / (2 * threshold));
    }
  }

  private final Settings settings;
  private final int firstShift;
  private final double[] slotMean;
  private final int[] slotVisits;
  private int visitedSlots;

  /** Deseasonalised expected count per bucket. */
  private double level;

  /** EWMA of squared deviations of deseasonalised counts from the level (dispersion memory). */
  private double variance;

  /** EWMA of deseasonalised counts with the dispersion's memory: the variance's own scale. */
  private double dispersionMean;

  /** During an episode, what the level would have become: the new level if the change lasts. */
  private double shadowLevel;

  private final double[] cusum = new double[SHIFTS.length];
  private final long[] runCount = new long[SHIFTS.length];
  private final double[] runExpected = new double[SHIFTS.length];
  private final int[] runBuckets = new int[SHIFTS.length];

  /**
   * The key's own record of chance excursions (peaks over a base level {@link #BASE}), which turns
   * the budget into a threshold that holds even where the model is wrong (bursty busy keys): the
   * mean excess of the CUSUM's peaks over the base, an exponential mean estimated with censoring
   * (an excursion that opened an episode is known only to exceed the threshold): {@code excessSum /
   * excessCount}, both EWMAs over excursions, starting from one pseudo-excursion of excess 1.
   */
  private double excessSum = 1;

  private double excessCount = 1;
  private double excursionPeak;

  private long buckets;
  private boolean open;
  private int calm;
  private int episodeLength;
  private long cooldownUntil;

  /** A detector without a daily cycle. */
  public SpikeDetector(Settings settings) {
    this(settings, 0);
  }

  /**
   * A detector that learns a cycle of {@code slots} (24 for the hours of a day, 168 for those of a
   * week; 0 for none): the expectation is the level times the slot's factor, so that the morning
   * rise of every day is not a spike.
   */
  public SpikeDetector(Settings settings, int slots) {
    this.settings = settings;
    this.firstShift = SHIFTS.length - Math.max(1, shiftsFrom(settings.smallestShift()));
    this.slotMean = new double[Math.max(slots, 1)];
    this.slotVisits = new int[Math.max(slots, 1)];
  }

  /**
   * A detector for a key first seen once the pipeline has run long enough to know it was silent
   * before: its history is taken as quiet (a warmed-up baseline at the floor), so that a brand-new
   * crisis term can alert on its first burst instead of waiting out a warm-up.
   */
  public static SpikeDetector withQuietHistory(Settings settings, int slots) {
    SpikeDetector detector = new SpikeDetector(settings, slots);
    detector.buckets = settings.warmup();
    return detector;
  }

  public boolean inEpisode() {
    return open;
  }

  public Settings settings() {
    return settings;
  }

  /**
   * {@code k} buckets without a single post, outside an episode, in one step: the level decays
   * towards silence as {@code k} calls of {@code next(0)} would, and the CUSUMs fall (a silent
   * bucket only lowers them), so that a key quiet for a day costs one call, not a thousand.
   */
  public void skipQuiet(long k) {
    if (open) {
      throw new IllegalStateException("an open episode must see its buckets one by one");
    }
    if (k <= 0) {
      return;
    }
    // Each silent bucket takes (rho - 1) mu off a CUSUM, mu decaying with the level towards the
    // floor (the daily cycle aside): the expectations summed over the k buckets, in closed form.
    double floor = settings.minExpected();
    double keep = 1 - settings.alpha();
    double expectedSum = k * floor;
    if (level > floor) {
      double aboveFloor = Math.min(k, Math.ceil(Math.log(floor / level) / Math.log(keep)));
      expectedSum =
          level * (1 - Math.pow(keep, aboveFloor)) / (1 - keep) + (k - aboveFloor) * floor;
    }
    level *= Math.pow(keep, (double) k);
    double slowDecay = Math.pow(1 - settings.dispersionAlpha(), (double) k);
    variance *= slowDecay;
    dispersionMean *= slowDecay;
    for (int s = 0; s < SHIFTS.length; s++) {
      cusum[s] = Math.max(0, cusum[s] - (SHIFTS[s] - 1) * expectedSum);
      runExpected[s] += expectedSum;
      runBuckets[s] += (int) Math.min(k, Integer.MAX_VALUE / 2);
      if (cusum[s] == 0) {
        runCount[s] = 0;
        runExpected[s] = 0;
        runBuckets[s] = 0;
      }
    }
    if (Arrays.stream(cusum).allMatch(score -> score == 0)) {
      recordExcursion(0, false);
    }
    buckets += k;
  }

  /** Forgets an open episode, any cooldown and the CUSUMs: for a baseline moved to another time. */
  public void forgetEpisode() {
    open = false;
    calm = 0;
    episodeLength = 0;
    cooldownUntil = 0;
    resetCusums();
  }

  /** Buckets seen so far. */
  public long buckets() {
    return buckets;
  }

  /** The count the baseline expects in a bucket of cycle slot {@code slot}. */
  public double expected(int slot) {
    return expectedAt(Math.floorMod(slot, slotMean.length));
  }

  private double expectedAt(int at) {
    return Math.max(settings.minExpected(), level * factor(at));
  }

  /**
   * The slot's factor: its mean count over the mean of all visited slots, both shrunk towards each
   * other by the floor, so that a sparse key (mostly zeros in every hour) has no cycle to speak of.
   * The slot's own mean is first shrunk towards the mean of all slots by how much its visits can
   * say (empirical Bayes): one visit of a key at two posts a minute says little of that hour, and
   * taking it at its word would make the next minute's ordinary burst look impossible. The factor
   * earns its full weight as the visits' noise ({@code mu (1 + phi mu) / visits}) falls below the
   * hour factors' own spread ({@link #FACTOR_SPREAD}).
   */
  private double factor(int at) {
    if (slotMean.length == 1 || slotVisits[at] == 0) {
      return 1;
    }
    double sum = 0;
    int visited = 0;
    for (int i = 0; i < slotMean.length; i++) {
      if (slotVisits[i] > 0) {
        sum += slotMean[i];
        visited++;
      }
    }
    double floor = settings.minExpected();
    double mean = sum / visited;
    double visitNoise = (1 + dispersion() * Math.max(mean, floor)) / Math.max(mean, floor);
    // The EWMA over visits remembers about 2 / alpha of them once it has seen that many.
    double visits = Math.min(slotVisits[at], 2 / settings.seasonAlpha());
    double weight = visits / (visits + visitNoise / (FACTOR_SPREAD * FACTOR_SPREAD));
    double slot = weight * slotMean[at] + (1 - weight) * mean;
    return (slot + floor) / (mean + floor);
  }

  /** Whether some slot of the cycle has never been visited: its factor is unknown, not 1. */
  private boolean cycleUnknown() {
    return visitedSlots < slotMean.length && slotMean.length > 1;
  }

  /** The negative-binomial dispersion {@code phi}: 0 (Poisson) unless the counts say otherwise. */
  private double dispersion() {
    double mean = Math.max(settings.minExpected(), level);
    // Scaled by the larger of the level and the variance's own slow mean: a key that was busy
    // and fell quiet keeps its old variance for days, which says nothing about its new level.
    double scale = Math.max(mean, dispersionMean);
    return Math.max(0, (variance - mean) / (scale * scale));
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

  /**
   * Judges the buckets still filling, without consuming them: opens the episode now if the CUSUMs
   * run over {@code openCounts} (the complete buckets not yet fed, oldest first, then the partial
   * count of the one filling) already cross the threshold. A partial count can only grow, and the
   * CUSUM only grows with it, so the bucket would cross when complete too. Returns the opening
   * step, or {@code null} when nothing opens. The buckets are fed with {@link #next} as usual.
   */
  public Step early(long[] openCounts, int slot) {
    if (open || buckets < settings.warmup() || buckets < cooldownUntil || buckets < 1) {
      return null;
    }
    int at = Math.floorMod(slot, slotMean.length);
    double mu = expectedAt(at);
    double phi = dispersion();
    Step best = null;
    long[] windowCounts = new long[SHIFTS.length];
    double[] windowExpectations = new double[SHIFTS.length];
    int[] windowLengths = new int[SHIFTS.length];
    for (int s = firstShift; s < SHIFTS.length; s++) {
      double score = cusum[s];
      long count = runCount[s];
      double expected = runExpected[s];
      int length = runBuckets[s];
      for (long c : openCounts) {
        score += logLikelihoodRatio(c, mu, SHIFTS[s], phi);
        count += c;
        expected += mu;
        length++;
        if (score <= 0) {
          score = 0;
          count = 0;
          expected = 0;
          length = 0;
        }
      }
      windowCounts[s] = count;
      windowExpectations[s] = expected;
      windowLengths[s] = length;
      if (score > 0 && (best == null || score > best.score())) {
        long last = openCounts.length == 0 ? 0 : openCounts[openCounts.length - 1];
        best =
            new Step(Transition.OPENED, last, mu, score, Math.exp(-score), count, expected, length);
      }
    }
    if (best == null) {
      return null;
    }
    if (best.score() < threshold()) {
      double tail = sparseTail(mu, windowCounts, windowExpectations, windowLengths);
      if (tail > openingTail()) {
        return null;
      }
      best =
          new Step(
              best.transition(),
              best.observed(),
              best.expected(),
              best.score(),
              tail,
              best.windowPosts(),
              best.windowExpected(),
              best.windowBuckets());
    }
    recordExcursion(best.score(), true);
    openEpisode();
    return best;
  }

  /**
   * A sparse key's evidence judged exactly. Below one post expected per bucket, counts are a few
   * posts against almost none, and the CUSUM's bound ({@code e^-h} for a crossing of {@code h}) is
   * loose: three posts in a minute against 0.03 expected have a Poisson tail of 4.4e-6, while their
   * log-likelihood ratio (10.8) bounds it only by 2e-5. So the windows the CUSUMs are rising over
   * are judged by their exact tail (negative binomial with the key's dispersion, Poisson without),
   * the smallest one corrected for the number of distinct windows looked at. Returns that corrected
   * tail, or 1 on a busy key or when no CUSUM is rising. A crossing of the threshold implies a tail
   * this small anyway (Chernoff), so the rule only adds the sparse bursts the bound hides; it
   * spends the same allowance per bucket as the CUSUMs do.
   */
  private double sparseTail(double mu, long[] counts, double[] expectations, int[] lengths) {
    if (mu >= 1) {
      return 1;
    }
    double phi = sparseDispersion();
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
   * The dispersion a sparse key's tail uses: the key's own, when its counts' excess variance stands
   * out from that estimate's noise, else none. Near zero the variance estimate wanders by more than
   * the mean itself (an EWMA over {@code 2/alpha} buckets of squared deviations, which under
   * Poisson counts have a variance of {@code mu + 2 mu^2}), so that {@code (v - mu) / mu^2} would
   * call a Poisson key wildly overdispersed by chance; only an excess three standard errors out is
   * taken.
   */
  private double sparseDispersion() {
    double mean = Math.max(settings.minExpected(), level);
    double standardError = Math.sqrt((mean + 2 * mean * mean) * settings.dispersionAlpha() / 2);
    return variance - mean > 3 * standardError ? dispersion() : 0;
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

  /**
   * The chance an exactly judged window may have: the allowance the budget gives a bucket's CUSUMs
   * ({@code e^-h} for each shift watched), at the threshold in force (calibration included).
   */
  private double openingTail() {
    return Math.exp(-threshold()) * (SHIFTS.length - firstShift);
  }

  /** Feeds the count of the next bucket. */
  public Step next(long count) {
    return next(count, 0);
  }

  /** Feeds the count of the next bucket, which falls in cycle slot {@code slot}. */
  public Step next(long count, int slot) {
    int at = Math.floorMod(slot, slotMean.length);
    long index = buckets++;
    if (index == 0) {
      level = count;
      variance = count + PRIOR_DISPERSION * count * count;
      dispersionMean = count;
      learnSlot(at, count);
      return new Step(Transition.NONE, count, count, 0, 1, count, count, 1);
    }
    double mu = expectedAt(at);
    double phi = dispersion();
    double sd = Math.sqrt(mu + phi * mu * mu);
    int best = firstShift;
    for (int s = firstShift; s < SHIFTS.length; s++) {
      cusum[s] += logLikelihoodRatio(count, mu, SHIFTS[s], phi);
      runCount[s] += count;
      runExpected[s] += mu;
      runBuckets[s]++;
      if (cusum[s] <= 0) {
        cusum[s] = 0;
        runCount[s] = 0;
        runExpected[s] = 0;
        runBuckets[s] = 0;
      }
      if (cusum[s] > cusum[best]) {
        best = s;
      }
    }
    double score = cusum[best];
    boolean rising = score > 0;
    long windowPosts = rising ? runCount[best] : count;
    double windowExpected = rising ? runExpected[best] : mu;
    int windowBuckets = rising ? runBuckets[best] : 1;
    // A count counts at most four standard deviations (and one post) above the expectation in
    // what the baseline learns: one burst cannot drag it far.
    double capped = Math.min(count, mu + WINSOR_SD * sd + 1);
    Transition transition;
    if (!open) {
      if (index < settings.warmup() || index < cooldownUntil) {
        // No judging yet: the evidence gathered now must not open an episode later on its own.
        resetCusums();
        learn(at, capped);
        transition = Transition.NONE;
      } else if (score >= threshold()
          || (score > 0 && sparseTail(mu, runCount, runExpected, runBuckets) <= openingTail())) {
        recordExcursion(score, true);
        openEpisode();
        episodeLength = 1;
        shadowLevel = level;
        transition = Transition.OPENED;
      } else {
        learn(at, capped);
        recordExcursion(score, false);
        transition = Transition.NONE;
      }
    } else {
      episodeLength++;
      // The cycle keeps learning during an episode (the level does not): otherwise the first busy
      // morning opens an episode every morning, since the hour it belongs to is never learned.
      learnSlot(at, capped);
      shadowLevel += settings.alpha() * (count / factor(at) - shadowLevel);
      calm = count <= mu + CALM_SD * sd ? calm + 1 : 0;
      if (calm >= settings.calmBuckets() || episodeLength >= settings.maxEpisodeBuckets()) {
        if (calm < settings.calmBuckets()) {
          // It lasted a day: no longer a spike but the key's new level.
          level = shadowLevel;
          variance = Math.max(variance, level);
          dispersionMean = level;
        }
        open = false;
        cooldownUntil = index + settings.cooldownBuckets();
        resetCusums();
        transition = Transition.CLOSED;
      } else {
        transition = Transition.CONTINUED;
      }
    }
    return new Step(
        transition, count, mu, score, Math.exp(-score), windowPosts, windowExpected, windowBuckets);
  }

  /**
   * The threshold now: the budget's {@code h}, or higher where this key's own excursions say the
   * model underrates chance (the anomaly-likelihood idea of Ahmad et al. 2017: judge a score
   * against the score's own history). Under the model, a log-likelihood CUSUM's excess over a level
   * is about exponential with mean 1, so the budget asks for an excess of {@code h - base} over the
   * base. A key whose peaks over the base have a mean excess {@code T > 1} (extreme-value theory's
   * peaks over threshold, shape 0) is asked for the same tail probability on its own scale: {@code
   * base + T (h - base)}.
   */
  public double threshold() {
    double h = settings.threshold();
    return Math.max(h, BASE + (excessSum / excessCount) * (h - BASE));
  }

  /**
   * Follows the CUSUM's excursions past the base while no episode is open: one ends, its peak's
   * excess recorded, when the score falls back to zero, or when an episode opens (then the excess
   * is censored: the peak was at least that).
   */
  private void recordExcursion(double score, boolean opening) {
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

  private void openEpisode() {
    open = true;
    calm = 0;
    episodeLength = 0;
    shadowLevel = level;
  }

  private void resetCusums() {
    Arrays.fill(cusum, 0);
    Arrays.fill(runCount, 0);
    Arrays.fill(runExpected, 0);
    Arrays.fill(runBuckets, 0);
  }

  /**
   * The hour factor learns from every bucket (a running mean over its first visits, then an EWMA).
   */
  private void learnSlot(int at, double count) {
    if (slotMean.length == 1) {
      return;
    }
    visitedSlots += slotVisits[at] == 0 ? 1 : 0;
    slotVisits[at]++;
    double rate = Math.max(settings.seasonAlpha(), 1.0 / slotVisits[at]);
    slotMean[at] += rate * (count - slotMean[at]);
  }

  private void learn(int at, double capped) {
    learnSlot(at, capped);
    double deseasonalised = capped / factor(at);
    double delta = deseasonalised - level;
    // A running mean over the first buckets, then an EWMA: a key's first count is no level.
    // Until every hour of the cycle has been seen once, a busy key's level follows the day itself,
    // with half its memory: its first morning would otherwise rise for hours against a level that
    // lags it, and a CUSUM tuned to a 50% rise cannot tell that lag from a story growing. A sparse
    // key's level keeps its memory: there a single post would move a shorter one, and the
    // CUSUM's small shifts gain nothing from a lag of a fraction of a post.
    double levelAlpha =
        cycleUnknown() && level >= 1 ? Math.min(0.5, 2 * settings.alpha()) : settings.alpha();
    level += Math.max(levelAlpha, 1.0 / Math.max(2, buckets)) * delta;
    // The dispersion is the key's own, learned over days: a quiet afternoon must not make the
    // evening's ordinary burst look impossible.
    // A running mean over the first buckets (the first count alone says little), then an EWMA.
    double weight = Math.max(settings.dispersionAlpha(), 1.0 / Math.max(2, buckets));
    variance = (1 - weight) * (variance + weight * delta * delta);
    dispersionMean += weight * (deseasonalised - dispersionMean);
  }

  /** Writes the detector's state (not its settings) for a state store. */
  public void write(DataOutput out) throws IOException {
    out.writeDouble(level);
    out.writeDouble(variance);
    out.writeDouble(dispersionMean);
    out.writeDouble(shadowLevel);
    out.writeLong(buckets);
    out.writeBoolean(open);
    out.writeInt(calm);
    out.writeInt(episodeLength);
    out.writeLong(cooldownUntil);
    out.writeDouble(excessSum);
    out.writeDouble(excessCount);
    out.writeDouble(excursionPeak);
    out.writeByte(SHIFTS.length);
    for (int s = 0; s < SHIFTS.length; s++) {
      out.writeDouble(cusum[s]);
      out.writeLong(runCount[s]);
      out.writeDouble(runExpected[s]);
      out.writeInt(runBuckets[s]);
    }
    out.writeShort(slotMean.length);
    for (int i = 0; i < slotMean.length; i++) {
      out.writeDouble(slotMean[i]);
      out.writeInt(slotVisits[i]);
    }
  }

  /** Reads a state written by {@link #write}, under the given settings. */
  public static SpikeDetector read(Settings settings, DataInput in) throws IOException {
    double level = in.readDouble();
    double variance = in.readDouble();
    double dispersionMean = in.readDouble();
    double shadow = in.readDouble();
    long buckets = in.readLong();
    boolean open = in.readBoolean();
    int calm = in.readInt();
    int length = in.readInt();
    long cooldownUntil = in.readLong();
    double excessSum = in.readDouble();
    double excessCount = in.readDouble();
    double excursionPeak = in.readDouble();
    int shifts = in.readByte();
    double[] cusum = new double[shifts];
    long[] runCount = new long[shifts];
    double[] runExpected = new double[shifts];
    int[] runBuckets = new int[shifts];
    for (int s = 0; s < shifts; s++) {
      cusum[s] = in.readDouble();
      runCount[s] = in.readLong();
      runExpected[s] = in.readDouble();
      runBuckets[s] = in.readInt();
    }
    int slots = in.readShort();
    SpikeDetector detector = new SpikeDetector(settings, slots == 1 ? 0 : slots);
    detector.level = level;
    detector.variance = variance;
    detector.dispersionMean = dispersionMean;
    detector.shadowLevel = shadow;
    detector.buckets = buckets;
    detector.open = open;
    detector.calm = calm;
    detector.episodeLength = length;
    detector.cooldownUntil = cooldownUntil;
    detector.excessSum = excessSum;
    detector.excessCount = excessCount;
    detector.excursionPeak = excursionPeak;
    if (shifts == SHIFTS.length) {
      System.arraycopy(cusum, 0, detector.cusum, 0, shifts);
      System.arraycopy(runCount, 0, detector.runCount, 0, shifts);
      System.arraycopy(runExpected, 0, detector.runExpected, 0, shifts);
      System.arraycopy(runBuckets, 0, detector.runBuckets, 0, shifts);
    }
    for (int i = 0; i < slots; i++) {
      detector.slotMean[i] = in.readDouble();
      detector.slotVisits[i] = in.readInt();
      detector.visitedSlots += detector.slotVisits[i] > 0 ? 1 : 0;
    }
    return detector;
  }
}
