package io.vigie.streams.detect;

import java.time.Duration;
import java.util.List;

/**
 * How the detectors judge, in plain units. {@link #defaults()} are fixed from the literature and
 * the reasoning in docs/detection.md, not searched on evaluation data.
 *
 * @param horizons widths of the event-time buckets volume is counted in (1 and 5 minutes)
 * @param grace how late a post may arrive and still count (it counts in the oldest open bucket)
 * @param ahead how far past the watermark a post may be and still count; later ones are dropped
 * @param budget the volume detectors' false-alarm budget, which sets every key's threshold
 * @param cycleSlots hour-of-day slots learned on busy keys (24), 0 for none
 * @param warmup how long the pipeline must have run before a key seen for the first time is taken
 *     to have been silent before (and may alert on its first burst)
 * @param eviction when a quiet key is forgotten
 */
public record DetectionSettings(
    List<Duration> horizons,
    Duration grace,
    Duration ahead,
    Budget budget,
    int cycleSlots,
    Duration warmup,
    Eviction eviction,
    Emergence emergence,
    Sentiment sentiment,
    Coordination coordination,
    Incidents incidents) {

  /**
   * Weak signals: a term or hashtag whose count over the last {@code window} is {@code minGrowth}
   * times its usual hourly count, significant under a Poisson law ({@code maxTail}), from at least
   * {@code minAuthors} distinct authors with a diversity (authors per post) of {@code
   * minDiversity}, still below a volume spike; reported once per {@code cooldown}.
   */
  public record Emergence(
      Duration window,
      double minGrowth,
      double maxTail,
      int minAuthors,
      double minDiversity,
      double alpha,
      Duration cooldown) {}

  /**
   * Bad buzz: over {@code window}, at least {@code minPosts} posts of a watch rule and a negative
   * share {@code minRise} above its usual share, with a binomial tail below {@code maxTail}.
   */
  public record Sentiment(
      Duration window,
      int minPosts,
      double minRise,
      double maxTail,
      double alpha,
      Duration cooldown) {}

  /**
   * Coordinated posting: within {@code window}, a near-duplicate cluster of original posts (not
   * reposts) from at least {@code minAccounts} accounts with a median gap of at most {@code
   * maxMedianGap}; accounts younger than {@code newAccountAge} weigh double. Virality: at least
   * {@code viralReposts} reposts of one post from as many distinct accounts within {@code window}.
   * An old cluster must be bursting: its window a Poisson tail below {@code maxBurstTail} against
   * its own long-run rate.
   */
  public record Coordination(
      Duration window,
      int minAccounts,
      Duration maxMedianGap,
      Duration newAccountAge,
      int viralReposts,
      double maxBurstTail) {}

  /**
   * Incidents: a signal joins an open incident only through something specific they share, within
   * {@code mergeWindow}: the same watch rule, the same near-duplicate cluster, or a term or hashtag
   * that is not common, i.e. whose usual share of original posts (as the detectors learned it) is
   * under {@code commonTermShare}. Neither {@code global} nor the {@code crisis} vocabulary is
   * specific: two crises both use crisis words. An incident whose episodes have all ended and that
   * saw no signal for {@code quietPeriod} resolves. What pages is {@code paging}'s.
   */
  public record Incidents(
      Duration mergeWindow, double commonTermShare, Duration quietPeriod, Paging paging) {}

  /**
   * What an incident needs to page (to be above INFO): a signal on a specific subject with at least
   * this many posts above the expectation (observed minus expected; for a sentiment shift, negative
   * posts above the usual share), per class of subject. A tail probability says a rise is unlikely;
   * this says it is large enough for a person to act on. {@code global} never pages on its own: its
   * minimum only decides whether a rise of everything adds to an incident that pages through
   * something specific.
   */
  public record Paging(
      double globalMinExcess,
      double crisisMinExcess,
      double ruleMinExcess,
      double termMinExcess,
      double clusterMinExcess) {

    /** The minimum excess for a subject of this kind (hashtags count as terms). */
    public double minExcess(SubjectState.Kind kind) {
      return switch (kind) {
        case GLOBAL -> globalMinExcess;
        case CRISIS -> crisisMinExcess;
        case RULE -> ruleMinExcess;
        case TERM, HASHTAG -> termMinExcess;
        case CLUSTER -> clusterMinExcess;
      };
    }
  }

  /**
   * A key with no post for {@code idle} and no episode open is forgotten. A term or hashtag seen in
   * fewer than {@code rarePosts} posts is forgotten after {@code rareIdle} already: most words of
   * an open vocabulary (typos, names, one-off jokes) appear once or twice, and keeping each for
   * days would grow the store with the vocabulary. Forgetting one costs nothing but its novelty,
   * which a word that comes back after hours still has.
   */
  public record Eviction(Duration idle, int rarePosts, Duration rareIdle) {}

  /**
   * How many volume episodes may open by chance per day over a whole deployment, and how that
   * budget becomes each key's CUSUM threshold. Half the budget goes to the few busy keys
   * (everything, crisis vocabulary, watch rules: nominally {@code busyKeys} of them), half to the
   * open vocabulary (hashtags and terms: nominally {@code openKeys}), so that thousands of terms
   * cannot page by chance. A key's share is then spread over its horizons, its buckets of the day
   * and the shifts it watches ({@link SpikeDetector#SHIFTS} on busy keys, the burst alone on
   * terms): a log-likelihood CUSUM crosses {@code h} by chance at most once every {@code e^h}
   * buckets, hence {@code h = ln(buckets a day x horizons x shifts / false alarms a day for the
   * key)}.
   *
   * @param falseAlarmsPerDay the whole deployment's budget ({@code detect.false-alarms-per-day})
   * @param busyShare the share of it given to busy keys
   * @param busyKeys the nominal number of busy keys
   * @param openKeys the nominal number of terms and hashtags active at once
   */
  public record Budget(double falseAlarmsPerDay, double busyShare, int busyKeys, int openKeys) {

    /** False alarms a day one key of the class may raise. */
    public double perKeyPerDay(boolean busy) {
      return busy
          ? falseAlarmsPerDay * busyShare / busyKeys
          : falseAlarmsPerDay * (1 - busyShare) / openKeys;
    }

    /**
     * The CUSUM threshold for one key of the class judged in {@code horizons} widths of buckets.
     */
    public double threshold(boolean busy, Duration width, int horizons) {
      double bucketsPerDay = Duration.ofDays(1).toMillis() / (double) width.toMillis();
      double shifts =
          SpikeDetector.shiftsFrom(busy ? SpikeDetector.SHIFTS[0] : SpikeDetector.BURST_SHIFT);
      double tests = bucketsPerDay * Math.max(1, horizons) * shifts;
      return Math.log(tests / perKeyPerDay(busy));
    }

    public Budget withFalseAlarmsPerDay(double perDay) {
      return new Budget(perDay, busyShare, busyKeys, openKeys);
    }
  }

  /** The same settings with another false-alarm budget. */
  public DetectionSettings withFalseAlarmsPerDay(double perDay) {
    return new DetectionSettings(
        horizons,
        grace,
        ahead,
        budget.withFalseAlarmsPerDay(perDay),
        cycleSlots,
        warmup,
        eviction,
        emergence,
        sentiment,
        coordination,
        incidents);
  }

  public static DetectionSettings defaults() {
    return new DetectionSettings(
        List.of(Duration.ofMinutes(1), Duration.ofMinutes(5)),
        Duration.ofMinutes(2),
        Duration.ofMinutes(15),
        new Budget(1.0, 0.5, 10, 10_000),
        24,
        Duration.ofHours(2),
        new Eviction(Duration.ofDays(3), 3, Duration.ofHours(6)),
        new Emergence(Duration.ofHours(1), 3.0, 1e-3, 5, 0.6, 0.05, Duration.ofHours(24)),
        new Sentiment(Duration.ofMinutes(30), 10, 0.2, 1e-4, 0.05, Duration.ofHours(6)),
        new Coordination(
            Duration.ofMinutes(15), 10, Duration.ofSeconds(30), Duration.ofDays(30), 20, 1e-6),
        new Incidents(
            Duration.ofHours(2), 0.002, Duration.ofHours(1), new Paging(50, 2, 2, 5, 10)));
  }

  /** The same settings with other volume bucket widths. */
  public DetectionSettings withHorizons(List<Duration> widths) {
    return new DetectionSettings(
        List.copyOf(widths),
        grace,
        ahead,
        budget,
        cycleSlots,
        warmup,
        eviction,
        emergence,
        sentiment,
        coordination,
        incidents);
  }

  /** The same settings with another grace period for late posts. */
  public DetectionSettings withGrace(Duration lateness) {
    return new DetectionSettings(
        horizons,
        lateness,
        ahead,
        budget,
        cycleSlots,
        warmup,
        eviction,
        emergence,
        sentiment,
        coordination,
        incidents);
  }

  /** The same settings with other incident settings (joining and paging). */
  public DetectionSettings withIncidents(Incidents incidentSettings) {
    return new DetectionSettings(
        horizons,
        grace,
        ahead,
        budget,
        cycleSlots,
        warmup,
        eviction,
        emergence,
        sentiment,
        coordination,
        incidentSettings);
  }

  /**
   * The same settings with another warm-up (0 in tests and backtests that start cold on purpose).
   */
  public DetectionSettings withWarmup(Duration warmupTime) {
    return new DetectionSettings(
        horizons,
        grace,
        ahead,
        budget,
        cycleSlots,
        warmupTime,
        eviction,
        emergence,
        sentiment,
        coordination,
        incidents);
  }
}
