package io.vigie.streams.detect;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

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

  /** How many of {@link #SHIFTS} a key watches when its smallest is {@code smallest}. */
  static int shiftsFrom(double smallest) {
    int n = 0;
    for (double shift : SHIFTS) {
      n += shift >= smallest ? 1 : 0;
    }
    return n;
  }

  /** A count counts at most this many standard deviations above the expectation in learning. */
  private static final double WINSOR_SD = 4;

  /** An episode's bucket is calm under this many standard deviations above the expectation. */
  private static final double CALM_SD = 2;

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

  private final SpikeSettings settings;

  // What early() works out for each shift, kept from call to call: it runs at every post of every
  // horizon of every subject.
  private final long[] windowCounts = new long[SHIFTS.length];
  private final double[] windowExpectations = new double[SHIFTS.length];
  private final int[] windowLengths = new int[SHIFTS.length];
  final SpikeBaseline baseline;
  final CusumBank cusums;
  final ExcursionCalibration calibration = new ExcursionCalibration();

  long buckets;
  boolean open;
  int calm;
  int episodeLength;
  long cooldownUntil;

  /** A detector without a daily cycle. */
  public SpikeDetector(SpikeSettings settings) {
    this(settings, 0);
  }

  /**
   * A detector that learns a cycle of {@code slots} (24 for the hours of a day, 168 for those of a
   * week; 0 for none): the expectation is the level times the slot's factor, so that the morning
   * rise of every day is not a spike.
   */
  public SpikeDetector(SpikeSettings settings, int slots) {
    this.settings = settings;
    this.baseline = new SpikeBaseline(settings, slots);
    this.cusums = new CusumBank(settings.smallestShift());
  }

  /**
   * A detector for a key first seen once the pipeline has run long enough to know it was silent
   * before: its history is taken as quiet (a warmed-up baseline at the floor), so that a brand-new
   * crisis term can alert on its first burst instead of waiting out a warm-up.
   */
  public static SpikeDetector withQuietHistory(SpikeSettings settings, int slots) {
    SpikeDetector detector = new SpikeDetector(settings, slots);
    detector.buckets = settings.warmup();
    return detector;
  }

  public boolean inEpisode() {
    return open;
  }

  public SpikeSettings settings() {
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
    double expectedSum = baseline.decayQuiet(k);
    if (cusums.addQuiet(k, expectedSum)) {
      calibration.record(0, false);
    }
    buckets += k;
  }

  /** Forgets an open episode, any cooldown and the CUSUMs: for a baseline moved to another time. */
  public void forgetEpisode() {
    open = false;
    calm = 0;
    episodeLength = 0;
    cooldownUntil = 0;
    cusums.reset();
  }

  /** Buckets seen so far. */
  public long buckets() {
    return buckets;
  }

  /** The count the baseline expects in a bucket of cycle slot {@code slot}. */
  public double expected(int slot) {
    return baseline.expectedAt(baseline.slotOf(slot));
  }

  /**
   * Judges the buckets still filling, without consuming them: opens the episode now if the CUSUMs
   * run over {@code openCounts} (the complete buckets not yet fed, oldest first, then the partial
   * count of the one filling) already cross the threshold. A partial count can only grow, and the
   * CUSUM only grows with it, so the bucket would cross when complete too. Returns the opening
   * step, or {@code null} when nothing opens. The buckets are fed with {@link #next} as usual.
   */
  public Step early(long[] openCounts, int slot) {
    return early(openCounts, openCounts.length, slot);
  }

  /**
   * As {@link #early(long[], int)}, over the first {@code openBuckets} counts of {@code
   * openCounts}.
   */
  public Step early(long[] openCounts, int openBuckets, int slot) {
    if (open || buckets < settings.warmup() || buckets < cooldownUntil || buckets < 1) {
      return null;
    }
    int at = baseline.slotOf(slot);
    double mu = baseline.expectedAt(at);
    double phi = baseline.dispersion();
    int best = -1;
    double bestScore = 0;
    for (int s = cusums.firstShift; s < SHIFTS.length; s++) {
      double score = cusums.score[s];
      long count = cusums.count[s];
      double expected = cusums.expected[s];
      int length = cusums.length[s];
      for (int i = 0; i < openBuckets; i++) {
        long c = openCounts[i];
        score += CusumBank.logLikelihoodRatio(c, mu, SHIFTS[s], phi);
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
      if (score > 0 && (best < 0 || score > bestScore)) {
        best = s;
        bestScore = score;
      }
    }
    if (best < 0) {
      return null;
    }
    double tail = Math.exp(-bestScore);
    if (bestScore < threshold()) {
      tail = sparseTail(mu, windowCounts, windowExpectations, windowLengths);
      if (tail > openingTail()) {
        return null;
      }
    }
    long last = openBuckets == 0 ? 0 : openCounts[openBuckets - 1];
    Step step =
        new Step(
            Transition.OPENED,
            last,
            mu,
            bestScore,
            tail,
            windowCounts[best],
            windowExpectations[best],
            windowLengths[best]);
    calibration.record(bestScore, true);
    openEpisode();
    return step;
  }

  /** The exact tail of the rising windows, on a sparse key (see {@link SparseWindowTail}). */
  private double sparseTail(double mu, long[] counts, double[] expectations, int[] lengths) {
    return SparseWindowTail.of(mu, baseline, cusums.firstShift, counts, expectations, lengths);
  }

  /**
   * The chance an exactly judged window may have: the allowance the budget gives a bucket's CUSUMs
   * ({@code e^-h} for each shift watched), at the threshold in force (calibration included).
   */
  private double openingTail() {
    return Math.exp(-threshold()) * cusums.watched();
  }

  /** Feeds the count of the next bucket. */
  public Step next(long count) {
    return next(count, 0);
  }

  /** Feeds the count of the next bucket, which falls in cycle slot {@code slot}. */
  public Step next(long count, int slot) {
    int at = baseline.slotOf(slot);
    long index = buckets++;
    if (index == 0) {
      baseline.start(at, count);
      return new Step(Transition.NONE, count, count, 0, 1, count, count, 1);
    }
    double mu = baseline.expectedAt(at);
    double phi = baseline.dispersion();
    double sd = Math.sqrt(mu + phi * mu * mu);
    int best = cusums.add(count, mu, phi);
    double score = cusums.score[best];
    boolean rising = score > 0;
    long windowPosts = rising ? cusums.count[best] : count;
    double windowExpected = rising ? cusums.expected[best] : mu;
    int windowBuckets = rising ? cusums.length[best] : 1;
    // A count counts at most four standard deviations (and one post) above the expectation in
    // what the baseline learns: one burst cannot drag it far.
    double capped = Math.min(count, mu + WINSOR_SD * sd + 1);
    Transition transition;
    if (!open) {
      if (index < settings.warmup() || index < cooldownUntil) {
        // No judging yet: the evidence gathered now must not open an episode later on its own.
        cusums.reset();
        baseline.learn(at, capped, buckets);
        transition = Transition.NONE;
      } else if (score >= threshold()
          || (score > 0
              && sparseTail(mu, cusums.count, cusums.expected, cusums.length) <= openingTail())) {
        calibration.record(score, true);
        openEpisode();
        episodeLength = 1;
        baseline.freeze();
        transition = Transition.OPENED;
      } else {
        baseline.learn(at, capped, buckets);
        calibration.record(score, false);
        transition = Transition.NONE;
      }
    } else {
      episodeLength++;
      // The cycle keeps learning during an episode (the level does not): otherwise the first busy
      // morning opens an episode every morning, since the hour it belongs to is never learned.
      baseline.learnSlot(at, capped);
      baseline.follow(at, count);
      calm = count <= mu + CALM_SD * sd ? calm + 1 : 0;
      if (calm >= settings.calmBuckets() || episodeLength >= settings.maxEpisodeBuckets()) {
        if (calm < settings.calmBuckets()) {
          // It lasted a day: no longer a spike but the key's new level.
          baseline.adoptShadow();
        }
        open = false;
        cooldownUntil = index + settings.cooldownBuckets();
        cusums.reset();
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
   * model underrates chance (see {@link ExcursionCalibration#threshold}).
   */
  public double threshold() {
    return calibration.threshold(settings.threshold());
  }

  private void openEpisode() {
    open = true;
    calm = 0;
    episodeLength = 0;
    baseline.freeze();
  }

  /** Writes the detector's state (not its settings) for a state store. */
  public void write(DataOutput out) throws IOException {
    SpikeStateCodec.write(this, out);
  }

  /** Reads a state written by {@link #write}, under the given settings. */
  public static SpikeDetector read(SpikeSettings settings, DataInput in) throws IOException {
    return SpikeStateCodec.read(settings, in);
  }
}
