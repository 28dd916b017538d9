package io.vigie.streams.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.streams.detect.SpikeDetector.Transition;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SpikeDetectorTest {

  private static List<Transition> feed(SpikeDetector detector, long... counts) {
    List<Transition> out = new ArrayList<>();
    for (long count : counts) {
      out.add(detector.next(count).transition());
    }
    return out;
  }

  private static SpikeDetector warmed(long level, int buckets, long seed) {
    SpikeDetector detector = new SpikeDetector(SpikeDetector.Settings.defaults());
    Random random = new Random(seed);
    for (int i = 0; i < buckets; i++) {
      long noisy = Math.max(0, level + Math.round(random.nextGaussian() * Math.sqrt(level)));
      assertThat(detector.next(noisy).transition()).isEqualTo(Transition.NONE);
    }
    return detector;
  }

  @Test
  void aSparseKeyGoingFromNothingToADozenOpensAnEpisode() {
    SpikeDetector detector = warmed(0, 100, 1);

    SpikeDetector.Step step = detector.next(12);

    assertThat(step.transition()).isEqualTo(Transition.OPENED);
    assertThat(step.tail()).isLessThan(1e-6);
  }

  @Test
  void twoPostsOnAQuietKeyAreNotASpike() {
    SpikeDetector detector = warmed(0, 100, 2);

    assertThat(feed(detector, 2, 1, 2)).containsOnly(Transition.NONE);
  }

  @Test
  void oneAlertPerEpisodeThenAResolutionThenACooldown() {
    SpikeDetector detector = warmed(100, 200, 3);

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
  void ordinaryNoiseOnABusyKeyRaisesNothing() {
    SpikeDetector detector = warmed(300, 2_000, 4);

    assertThat(detector.inEpisode()).isFalse();
  }

  @Test
  void poissonTailsAreRight() {
    assertThat(Poisson.upperTail(0, 3)).isEqualTo(1);
    assertThat(Poisson.upperTail(1, 3))
        .isCloseTo(1 - Math.exp(-3), org.assertj.core.data.Offset.offset(1e-12));
    assertThat(Poisson.upperTail(30, 10)).isBetween(1e-8, 1e-6);
  }

  @Test
  void aDailyCycleIsLearnedNotAlerted() {
    SpikeDetector detector = new SpikeDetector(SpikeDetector.Settings.defaults(), 24);
    Random random = new Random(5);
    List<Transition> afterTheFirstWeek = new ArrayList<>();
    for (int bucket = 0; bucket < 12 * 24 * 21; bucket++) {
      int hour = (bucket / 12) % 24;
      // Quiet nights, busy days: 20 posts a bucket at night, 400 from 9 to 18.
      long level = hour >= 9 && hour < 18 ? 400 : 20;
      long count = Math.max(0, level + Math.round(random.nextGaussian() * Math.sqrt(level)));
      Transition transition = detector.next(count, hour).transition();
      if (bucket >= 12 * 24 * 7) {
        afterTheFirstWeek.add(transition);
      }
    }

    assertThat(afterTheFirstWeek).containsOnly(Transition.NONE);
  }
}
