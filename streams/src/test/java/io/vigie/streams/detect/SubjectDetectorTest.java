package io.vigie.streams.detect;

import static io.vigie.streams.detect.Posts.minutes;
import static io.vigie.streams.detect.Posts.post;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.schema.Signal;
import io.vigie.schema.SignalKind;
import io.vigie.schema.SignalPhase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubjectDetectorTest {

  private final SubjectDetector detector = new SubjectDetector(DetectionSettings.defaults());

  /** Feeds posts in order, the watermark following them, and returns every signal. */
  private List<Signal> feed(SubjectState state, List<Instant> times) {
    List<Signal> out = new ArrayList<>();
    for (Instant at : times) {
      out.addAll(
          detector
              .observe(state, post(state.subject(), at), at.toEpochMilli(), at.toEpochMilli())
              .signals());
    }
    return out;
  }

  /** A post every {@code every} minutes from {@code from} to {@code to}. */
  private static List<Instant> steady(double from, double to, double every) {
    List<Instant> times = new ArrayList<>();
    for (double m = from; m < to; m += every) {
      times.add(minutes(m));
    }
    return times;
  }

  private static List<Signal> spikes(List<Signal> signals, SignalPhase phase) {
    return signals.stream()
        .filter(s -> s.getKind() == SignalKind.SPIKE && s.getPhase() == phase)
        .toList();
  }

  @Test
  void aNewCrisisTermAlertsOnItsFirstBurstOnceThePipelineIsWarm() {
    SubjectState term = detector.create("crisis", true);

    // Four posts in a minute against a silent past: three are within what the false-alarm budget
    // lets a busy key see by chance (a CUSUM of about 12 against a threshold of 12.6).
    List<Signal> signals =
        feed(term, List.of(minutes(10), minutes(10.2), minutes(10.4), minutes(10.6)));

    assertThat(spikes(signals, SignalPhase.OPENED)).isNotEmpty();
    assertThat(spikes(signals, SignalPhase.OPENED).get(0).getFirstPostAt()).isEqualTo(minutes(10));
  }

  @Test
  void twoPostsOnAQuietKeyAreNotABurst() {
    SubjectState term = detector.create("crisis", true);

    assertThat(feed(term, List.of(minutes(10), minutes(10.5)))).isEmpty();
  }

  @Test
  void aKeyMetWhileThePipelineWarmsUpWaitsForItsOwnHistory() {
    SubjectState term = detector.create("crisis", false);

    assertThat(
            spikes(feed(term, List.of(minutes(1), minutes(1.1), minutes(1.2))), SignalPhase.OPENED))
        .isEmpty();
  }

  @Test
  void theEpisodeOpensOnThePostThatMakesItSignificantNotWhenTheBucketEnds() {
    SubjectState rule = detector.create("rule:acme", false);
    feed(rule, steady(0, 300, 1)); // five hours of one post a minute
    List<Instant> burst = steady(300, 301, 1.0 / 30); // thirty posts within one minute

    List<Signal> signals = new ArrayList<>();
    Instant openedBy = null;
    for (Instant at : burst) {
      List<Signal> now = feed(rule, List.of(at));
      if (openedBy == null && !spikes(now, SignalPhase.OPENED).isEmpty()) {
        openedBy = at;
      }
      signals.addAll(now);
    }

    assertThat(openedBy).isNotNull().isBefore(minutes(301));
    assertThat(spikes(signals, SignalPhase.OPENED).get(0).getObserved()).isLessThan(30);
  }

  @Test
  void silenceAfterASpikeStillEndsTheEpisode() {
    SubjectState rule = detector.create("rule:acme", false);
    feed(rule, steady(0, 300, 1));
    feed(rule, steady(300, 302, 1.0 / 30));

    List<Signal> closing = new ArrayList<>();
    for (int m = 302; m < 400; m++) {
      long at = minutes(m).toEpochMilli();
      closing.addAll(detector.advance(rule, at, at));
    }

    assertThat(spikes(closing, SignalPhase.CLOSED)).hasSize(2); // the 1- and 5-minute episodes
    assertThat(rule.inEpisode()).isFalse();
  }

  @Test
  void aPostLaterThanTheGracePeriodIsDroppedAndOneWithinItCounts() {
    SubjectState rule = detector.create("rule:acme", false);
    feed(rule, steady(0, 30, 1));
    long watermark = minutes(30).toEpochMilli();

    SubjectDetector.Outcome withinGrace =
        detector.observe(rule, post("rule:acme", minutes(28.5)), watermark, watermark);
    SubjectDetector.Outcome tooLate =
        detector.observe(rule, post("rule:acme", minutes(20)), watermark, watermark);

    assertThat(withinGrace.placement()).isEqualTo(SubjectDetector.Placement.COUNTED);
    assertThat(tooLate.placement()).isEqualTo(SubjectDetector.Placement.LATE);
  }

  @Test
  void aFarFuturePostCountsWithoutClosingAnyWindow() {
    SubjectState rule = detector.create("rule:acme", false);
    feed(rule, steady(0, 30, 1));
    long watermark = minutes(30).toEpochMilli();

    SubjectDetector.Outcome future =
        detector.observe(rule, post("rule:acme", minutes(60 * 24 * 365)), watermark, watermark);
    SubjectDetector.Outcome next =
        detector.observe(rule, post("rule:acme", minutes(30.5)), watermark, watermark);

    assertThat(future.placement()).isEqualTo(SubjectDetector.Placement.AHEAD);
    assertThat(next.placement()).isEqualTo(SubjectDetector.Placement.COUNTED);
  }

  @Test
  void aStateReadBackDecidesLikeTheOriginal() {
    SubjectState original = detector.create("rule:acme", false);
    feed(original, steady(0, 300, 1));
    SubjectState copy = detector.read("rule:acme", detector.write(original));

    List<Instant> burst = steady(300, 301, 1.0 / 30);
    assertThat(feed(copy, burst).stream().map(Signal::getId).toList())
        .isEqualTo(feed(original, burst).stream().map(Signal::getId).toList())
        .isNotEmpty();
  }

  @Test
  void aRuleSeededFromHistoryStartsWarmWhereAColdOneWaits() {
    SubjectState history = detector.create("rule:acme", false);
    feed(history, steady(0, 600, 1)); // ten hours of a post a minute, some days ago
    byte[] seed = detector.write(history);
    double weekLater = 7 * 24 * 60;
    List<Instant> burst = steady(weekLater, weekLater + 1, 1.0 / 30);

    SubjectState seeded = detector.seeded("rule:acme", seed, minutes(weekLater).toEpochMilli());
    SubjectState cold = detector.create("rule:acme", false);

    assertThat(spikes(feed(seeded, burst), SignalPhase.OPENED)).isNotEmpty();
    assertThat(spikes(feed(cold, burst), SignalPhase.OPENED)).isEmpty();
  }

  @Test
  void aSeededRuleAtItsUsualPaceRaisesNothing() {
    SubjectState history = detector.create("rule:acme", false);
    feed(history, steady(0, 600, 1));
    double weekLater = 7 * 24 * 60;

    SubjectState seeded =
        detector.seeded("rule:acme", detector.write(history), minutes(weekLater).toEpochMilli());

    assertThat(feed(seeded, steady(weekLater, weekLater + 120, 1))).isEmpty();
  }

  @Test
  void aTermSeenOnceIsForgottenAfterHoursAndABusyOneOnlyAfterDays() {
    SubjectState once = detector.create("term:typo", true);
    SubjectState busy = detector.create("term:flood", true);
    feed(once, List.of(minutes(0)));
    feed(busy, steady(0, 10, 1));
    long sevenHours = minutes(7 * 60).toEpochMilli();
    long fourDays = minutes(4 * 24 * 60).toEpochMilli();

    assertThat(forgettable(once, sevenHours)).isTrue();
    assertThat(forgettable(busy, sevenHours)).isFalse();
    detector.advance(busy, fourDays, fourDays); // its burst's episode ends as time passes
    assertThat(forgettable(busy, fourDays)).isTrue();
  }

  @Test
  void aRareWatchRuleIsKeptForDaysLikeAnyRule() {
    SubjectState rule = detector.create("rule:acme", true);
    feed(rule, List.of(minutes(0)));

    assertThat(forgettable(rule, minutes(7 * 60).toEpochMilli())).isFalse();
  }

  @Test
  void aSubjectWithAnEpisodeOpenIsNeverForgotten() {
    SubjectState term = detector.create("crisis", true);
    feed(term, steady(10, 11, 0.05));
    assertThat(term.inEpisode()).isTrue();

    SubjectState.Header header = detector.header(detector.write(term)); // as eviction reads it
    assertThat(header.inEpisode()).isTrue();
    assertThat(header.posts()).isEqualTo(20);
    assertThat(detector.forgettable(term.subject(), header, minutes(10 * 24 * 60).toEpochMilli()))
        .isFalse();
  }

  /** Eviction's view: the stored bytes' header, as the store holds them. */
  private boolean forgettable(SubjectState state, long watermark) {
    return detector.forgettable(state.subject(), detector.header(detector.write(state)), watermark);
  }
}
