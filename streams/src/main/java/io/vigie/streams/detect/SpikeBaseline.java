package io.vigie.streams.detect;

/**
 * What a {@link SpikeDetector}'s key is expected to count in a bucket: a negative binomial of mean
 * {@code level x factor(slot)} and variance {@code mu + phi mu^2}. The level is an EWMA of
 * deseasonalised counts, the cycle's factors slow EWMAs of each slot's counts, the dispersion
 * {@code phi} an EWMA of squared deviations. The detector decides when it learns (never from an
 * open episode's level); this class only knows how.
 */
final class SpikeBaseline {

  /**
   * Until a few days of counts say otherwise, a key's counts are taken as overdispersed: a
   * coefficient of variation of 50% on top of Poisson noise, as social counts have (a busy key's
   * first evening is not a spike). Sparse keys are Poisson all the same: {@code phi mu^2} vanishes.
   */
  static final double PRIOR_DISPERSION = 0.25;

  /**
   * How far hour-of-day factors of social counts spread around 1 (a coefficient of variation): the
   * prior a slot's own mean must outweigh before it moves the expectation (a daily cycle of about
   * twofold from night to evening).
   */
  private static final double FACTOR_SPREAD = 0.5;

  private final SpikeSettings settings;
  final double[] slotMean;
  final int[] slotVisits;
  int visitedSlots;

  /** Deseasonalised expected count per bucket. */
  double level;

  /** EWMA of squared deviations of deseasonalised counts from the level (dispersion memory). */
  double variance;

  /** EWMA of deseasonalised counts with the dispersion's memory: the variance's own scale. */
  double dispersionMean;

  /** During an episode, what the level would have become: the new level if the change lasts. */
  double shadowLevel;

  /** A baseline with a cycle of {@code slots} (0 for none). */
  SpikeBaseline(SpikeSettings settings, int slots) {
    this.settings = settings;
    this.slotMean = new double[Math.max(slots, 1)];
    this.slotVisits = new int[Math.max(slots, 1)];
  }

  /** The slot of the cycle that {@code slot} falls in. */
  int slotOf(int slot) {
    return Math.floorMod(slot, slotMean.length);
  }

  /** The key's first count: the level, with the prior dispersion around it. */
  void start(int at, long count) {
    level = count;
    variance = count + PRIOR_DISPERSION * count * count;
    dispersionMean = count;
    learnSlot(at, count);
  }

  double expectedAt(int at) {
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
  double factor(int at) {
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
  double dispersion() {
    double mean = Math.max(settings.minExpected(), level);
    // Scaled by the larger of the level and the variance's own slow mean: a key that was busy
    // and fell quiet keeps its old variance for days, which says nothing about its new level.
    double scale = Math.max(mean, dispersionMean);
    return Math.max(0, (variance - mean) / (scale * scale));
  }

  /**
   * The dispersion a sparse key's tail uses: the key's own, when its counts' excess variance stands
   * out from that estimate's noise, else none. Near zero the variance estimate wanders by more than
   * the mean itself (an EWMA over {@code 2/alpha} buckets of squared deviations, which under
   * Poisson counts have a variance of {@code mu + 2 mu^2}), so that {@code (v - mu) / mu^2} would
   * call a Poisson key wildly overdispersed by chance; only an excess three standard errors out is
   * taken.
   */
  double sparseDispersion() {
    double mean = Math.max(settings.minExpected(), level);
    double standardError = Math.sqrt((mean + 2 * mean * mean) * settings.dispersionAlpha() / 2);
    return variance - mean > 3 * standardError ? dispersion() : 0;
  }

  /**
   * The hour factor learns from every bucket (a running mean over its first visits, then an EWMA).
   */
  void learnSlot(int at, double count) {
    if (slotMean.length == 1) {
      return;
    }
    visitedSlots += slotVisits[at] == 0 ? 1 : 0;
    slotVisits[at]++;
    double rate = Math.max(settings.seasonAlpha(), 1.0 / slotVisits[at]);
    slotMean[at] += rate * (count - slotMean[at]);
  }

  /**
   * Learns a (winsorised) count, the {@code buckets}-th bucket seen, into cycle, level and spread.
   */
  void learn(int at, double capped, long buckets) {
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

  /** An episode opens: the level freezes, and the shadow level starts from it. */
  void freeze() {
    shadowLevel = level;
  }

  /** During an episode, the shadow level follows the counts as the level would have. */
  void follow(int at, long count) {
    shadowLevel += settings.alpha() * (count / factor(at) - shadowLevel);
  }

  /** An episode lasted too long to be a spike: what the level would have become is the level. */
  void adoptShadow() {
    level = shadowLevel;
    variance = Math.max(variance, level);
    dispersionMean = level;
  }

  /**
   * Decays towards silence as {@code k} silent buckets would, and returns what the baseline
   * expected over them: each silent bucket takes (rho - 1) mu off a CUSUM, mu decaying with the
   * level towards the floor (the daily cycle aside), summed over the k buckets in closed form.
   */
  double decayQuiet(long k) {
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
    return expectedSum;
  }
}
