package io.vigie.streams.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.vigie.streams.detect.SpikeDetector.Transition;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SpikeDetectorTest {

  private static final SpikeSettings PER_MINUTE = SpikeSettings.forBucket(Duration.ofMinutes(1));

  private static List<Transition> feed(SpikeDetector detector, long... counts) {
    List<Transition> out = new ArrayList<>();
    for (long count : counts) {
      out.add(detector.next(count).transition());
    }
    return out;
  }

  /** Poisson draws (a normal approximation above 50). */
  private static long poisson(Random random, double mean) {
    if (mean > 50) {
      return Math.max(0, Math.round(mean + random.nextGaussian() * Math.sqrt(mean)));
    }
    double limit = Math.exp(-mean);
    double product = random.nextDouble();
    long k = 0;
    while (product > limit) {
      product *= random.nextDouble();
      k++;
    }
    return k;
  }

  /** Negative-binomial draws: Poisson with a gamma mean of integer shape {@code size}. */
  private static long negativeBinomial(Random random, double mean, int size) {
    double gamma = 0;
    for (int i = 0; i < size; i++) {
      gamma -= Math.log(1 - random.nextDouble());
    }
    return poisson(random, mean / size * gamma);
  }

  private static SpikeDetector warmed(SpikeSettings settings, double mean, int buckets) {
    SpikeDetector detector = new SpikeDetector(settings);
    Random random = new Random(7);
    for (int i = 0; i < buckets; i++) {
      assertThat(detector.next(poisson(random, mean)).transition()).isEqualTo(Transition.NONE);
    }
    return detector;
  }

  @Test
  void aSparseBurstOpensWithinMinutesOfItsFirstPost() {
    // 14 posts in the 17 hours before, then 5 posts in 7 minutes: a Poisson tail near 1e-7.
    SpikeDetector detector = new SpikeDetector(PER_MINUTE);
    for (int minute = 0; minute < 17 * 60; minute++) {
      assertThat(detector.next(minute % 73 == 0 ? 1 : 0).transition()).isEqualTo(Transition.NONE);
    }
    long[] burst = {1, 0, 1, 1, 0, 1, 1};
    int openedAt = -1;
    for (int minute = 0; minute < burst.length && openedAt < 0; minute++) {
      if (detector.next(burst[minute]).transition() == Transition.OPENED) {
        openedAt = minute;
      }
    }

    assertThat(openedAt).as("minutes after the first post").isBetween(0, 6);
  }

  @Test
  void aBucketStillFillingOpensOnThePostThatMakesTheEvidenceStrong() {
    SpikeDetector detector = SpikeDetector.withQuietHistory(PER_MINUTE, 0);

    assertThat(detector.early(new long[] {2}, 0)).as("two posts").isNull();
    SpikeDetector.Step opened = null;
    for (long posts = 3; posts <= 10 && opened == null; posts++) {
      opened = detector.early(new long[] {posts}, 0);
    }

    assertThat(opened).isNotNull();
    assertThat(opened.observed()).isBetween(3L, 6L);
    assertThat(detector.inEpisode()).isTrue();
  }

  @Test
  void twoPostsOnAQuietKeyAreNotASpike() {
    SpikeDetector detector = warmed(PER_MINUTE, 0.01, 300);

    assertThat(feed(detector, 2, 0, 0, 1, 0, 0, 0, 0, 1)).containsOnly(Transition.NONE);
  }

  @Test
  void aSlowBuildUpOpensBeforeAnySingleBucketWouldStandOut() {
    SpikeDetector detector = warmed(SpikeSettings.defaults(), 100, 400);
    Random random = new Random(11);
    int openedAt = -1;
    // The rate climbs by 1% a bucket: 160 after an hour, each bucket within 7 sd of 100.
    for (int bucket = 0; bucket < 60 && openedAt < 0; bucket++) {
      long count = poisson(random, 100 * (1 + 0.01 * bucket));
      if (detector.next(count).transition() == Transition.OPENED) {
        openedAt = bucket;
      }
    }

    assertThat(openedAt).isBetween(10, 59);
  }

  @Test
  void overdispersedNoiseOnABusyKeyRaisesNothing() {
    SpikeDetector detector = new SpikeDetector(SpikeSettings.defaults());
    Random random = new Random(4);
    List<Transition> seen = new ArrayList<>();
    // Two weeks of negative-binomial counts (mean 300, phi 0.25: a standard deviation of 150).
    for (int i = 0; i < 12 * 24 * 14; i++) {
      seen.add(detector.next(negativeBinomial(random, 300, 4)).transition());
    }

    assertThat(seen).containsOnly(Transition.NONE);
  }

  @Test
  void oneAlertPerEpisodeThenAResolutionThenACooldown() {
    SpikeDetector detector = warmed(SpikeSettings.defaults(), 100, 200);

    List<Transition> burst = feed(detector, 600, 700, 650, 500);
    List<Transition> calm = feed(detector, 100, 95, 105, 100, 98, 102);
    List<Transition> again = feed(detector, 600);

    assertThat(burst)
        .containsExactly(
            Transition.OPENED, Transition.CONTINUED, Transition.CONTINUED, Transition.CONTINUED);
    assertThat(calm).last().isEqualTo(Transition.CLOSED);
    assertThat(again).as("within the cooldown").containsExactly(Transition.NONE);
  }

  @Test
  void aMorningRiseLearnedOverDaysIsNotASpike() {
    SpikeDetector detector = new SpikeDetector(SpikeSettings.defaults(), 24);
    Random random = new Random(5);
    List<Transition> afterTheFirstWeek = new ArrayList<>();
    for (int bucket = 0; bucket < 12 * 24 * 21; bucket++) {
      int hour = (bucket / 12) % 24;
      // Quiet nights, busy days: 20 posts a bucket at night, 400 from 9 to 18.
      long count = poisson(random, hour >= 9 && hour < 18 ? 400 : 20);
      Transition transition = detector.next(count, hour).transition();
      if (bucket >= 12 * 24 * 7) {
        afterTheFirstWeek.add(transition);
      }
    }

    assertThat(afterTheFirstWeek).containsOnly(Transition.NONE);
  }

  @Test
  void aKeysFirstMorningIsNotASpike() {
    // A collection started at night, per minute: its first morning triples its rate over ten hours,
    // posts coming in small cascades. Nothing of it is a story, but no hour has been seen before.
    for (int seed = 0; seed < 4; seed++) {
      Random random = new Random(seed);
      for (double daily : new double[] {2, 10}) {
        SpikeDetector detector = new SpikeDetector(PER_MINUTE, 24);
        List<Transition> transitions = new ArrayList<>();
        for (int minute = 0; minute < 10 * 60; minute++) {
          double hourOfDay = 2 + minute / 60.0;
          double mean = daily * (1 + 0.5 * Math.sin((hourOfDay - 6) / 24 * 2 * Math.PI));
          transitions.add(detector.next(cascades(random, mean), (int) hourOfDay).transition());
        }
        assertThat(transitions)
            .as("seed %d, %s a minute", seed, daily)
            .containsOnly(Transition.NONE);
      }
    }
  }

  /** Posts in cascades: a Poisson number of them, each 1.5 posts long on average (geometric). */
  private static long cascades(Random random, double mean) {
    long posts = 0;
    for (long cascade = poisson(random, mean / 1.5); cascade > 0; cascade--) {
      posts++;
      while (random.nextDouble() < 1.0 / 3) {
        posts++;
      }
    }
    return posts;
  }

  @Test
  void quietBucketsInOneStepLowerTheEvidenceAsZerosWould() {
    SpikeDetector stepped = warmed(PER_MINUTE, 0.5, 300);
    SpikeDetector skipped = warmed(PER_MINUTE, 0.5, 300);
    feed(stepped, 3, 3);
    feed(skipped, 3, 3);

    feed(stepped, new long[120]);
    skipped.skipQuiet(120);

    assertThat(skipped.buckets()).isEqualTo(stepped.buckets());
    assertThat(skipped.expected(0)).isCloseTo(stepped.expected(0), offset(1e-9));
    assertThat(skipped.next(4).score()).isCloseTo(stepped.next(4).score(), offset(0.25));
  }

  @Test
  void theNegativeBinomialRatioIsPoissonWithoutDispersionAndMoreCautiousWithIt() {
    double poisson = 12 * Math.log(4.5) - 2 * 3.5;

    assertThat(CusumBank.logLikelihoodRatio(12, 2, 4.5, 0)).isCloseTo(poisson, offset(1e-12));
    assertThat(CusumBank.logLikelihoodRatio(12, 2, 4.5, 1e-7)).isCloseTo(poisson, offset(1e-4));
    assertThat(CusumBank.logLikelihoodRatio(12, 2, 4.5, 0.5)).isLessThan(poisson);
  }

  @Test
  void theBudgetSetsEachClassThreshold() {
    DetectionSettings.Budget budget = DetectionSettings.defaults().budget();
    Duration five = Duration.ofMinutes(5);
    int busyShifts = SpikeDetector.SHIFTS.length;

    // One busy key: half of one false alarm a day over ten keys, 288 buckets a day, every shift.
    assertThat(budget.threshold(true, five, 1))
        .isCloseTo(Math.log(288.0 * busyShifts / 0.05), offset(1e-9));
    assertThat(budget.threshold(false, five, 1)).isGreaterThan(budget.threshold(true, five, 1) + 5);
    assertThat(budget.threshold(true, five, 2)).isGreaterThan(budget.threshold(true, five, 1));
    assertThat(budget.withFalseAlarmsPerDay(0.1).threshold(true, five, 1))
        .isCloseTo(budget.threshold(true, five, 1) + Math.log(10), offset(1e-9));
    assertThat(SpikeSettings.forBucket(five).threshold())
        .isEqualTo(budget.threshold(true, five, 1));
  }

  @Test
  void aKeyWhoseChanceExcursionsRunHighGetsAHigherThreshold() {
    SpikeDetector detector = new SpikeDetector(SpikeSettings.defaults());
    double budgetThreshold = detector.threshold();
    Random random = new Random(9);
    // Short bursts of three buckets at 1.8 times the level, every six hours: more than the model
    // expects by chance, each below the threshold.
    for (int bucket = 0; bucket < 12 * 24 * 10; bucket++) {
      boolean burst = bucket % 72 >= 60 && bucket % 72 < 63;
      detector.next(poisson(random, burst ? 180 : 100));
    }

    assertThat(detector.threshold()).isGreaterThan(budgetThreshold);
  }

  @Test
  void theStateReadBackJudgesAsTheOriginalWould() throws Exception {
    SpikeDetector original = new SpikeDetector(SpikeSettings.defaults(), 24);
    Random random = new Random(3);
    for (int bucket = 0; bucket < 12 * 24 * 3; bucket++) {
      original.next(poisson(random, 50), (bucket / 12) % 24);
    }
    original.next(400, 5);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    original.write(new DataOutputStream(bytes));
    SpikeDetector copy =
        SpikeDetector.read(
            SpikeSettings.defaults(),
            new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));

    for (long count : new long[] {300, 200, 60, 50, 45, 0, 700}) {
      SpikeDetector.Step expected = original.next(count, 6);
      SpikeDetector.Step actual = copy.next(count, 6);
      assertThat(actual).isEqualTo(expected);
    }
    assertThat(copy.threshold()).isEqualTo(original.threshold());
  }

  /** Per-minute settings judged as one busy key of the default deployment (two horizons). */
  private static final SpikeSettings DEPLOYED_PER_MINUTE =
      SpikeSettings.forBucket(
          Duration.ofMinutes(1),
          DetectionSettings.defaults().budget().threshold(true, Duration.ofMinutes(1), 2));

  @Test
  void threePostsInAMinuteOnANearSilentKeyOpenOnTheirExactTail() {
    SpikeDetector detector = SpikeDetector.withQuietHistory(DEPLOYED_PER_MINUTE, 0);

    SpikeDetector.Step opened = detector.early(new long[] {3}, 0);

    assertThat(opened).isNotNull();
    assertThat(opened.score())
        .as("the CUSUM's bound alone would wait for more")
        .isLessThan(detector.threshold());
    assertThat(opened.tail()).isLessThan(1e-5);
  }

  @Test
  void judgingTheFirstCountsOfALongerBufferIsJudgingThoseCountsAlone() {
    SpikeDetector alone = SpikeDetector.withQuietHistory(DEPLOYED_PER_MINUTE, 0);
    SpikeDetector prefix = SpikeDetector.withQuietHistory(DEPLOYED_PER_MINUTE, 0);

    SpikeDetector.Step expected = alone.early(new long[] {0, 3}, 0);
    SpikeDetector.Step actual = prefix.early(new long[] {0, 3, 50, 50}, 2, 0);

    assertThat(expected).isNotNull();
    assertThat(actual).isEqualTo(expected);
    assertThat(prefix.inEpisode()).isTrue();
  }

  @Test
  void aSparseKeyWhoseChatterComesInBurstsNeedsMoreThanAPoissonKeyWould() {
    // The same mean, 0.05 posts a minute: one key Poisson, the other in bursts (conversations).
    Random random = new Random(11);
    SpikeDetector poissonKey = new SpikeDetector(DEPLOYED_PER_MINUTE);
    SpikeDetector burstyKey = new SpikeDetector(DEPLOYED_PER_MINUTE);
    for (int minute = 0; minute < 3 * 1440; minute++) {
      poissonKey.next(poisson(random, 0.05));
      burstyKey.next(minute % 120 == 0 ? 6 : 0);
    }
    poissonKey.forgetEpisode();
    burstyKey.forgetEpisode();

    assertThat(poissonKey.early(new long[] {4}, 0)).as("Poisson key").isNotNull();
    assertThat(burstyKey.early(new long[] {4}, 0)).as("bursty key").isNull();
  }

  @Test
  void negativeBinomialTailsAreRight() {
    // Size 1 is geometric: P(X >= k) = (1 - p)^k with p = size / (size + mean).
    assertThat(Poisson.negativeBinomialUpperTail(2, 3, 1)).isCloseTo(0.5625, offset(1e-9));
    assertThat(Poisson.negativeBinomialUpperTail(0, 3, 1)).isEqualTo(1);
    // A large size is Poisson.
    assertThat(Poisson.negativeBinomialUpperTail(5, 2, 1e7))
        .isCloseTo(Poisson.upperTail(5, 2), offset(1e-6));
  }

  @Test
  void poissonTailsAreRight() {
    assertThat(Poisson.upperTail(0, 3)).isEqualTo(1);
    assertThat(Poisson.upperTail(1, 3)).isCloseTo(1 - Math.exp(-3), offset(1e-12));
    assertThat(Poisson.upperTail(30, 10)).isBetween(1e-8, 1e-6);
  }
}
