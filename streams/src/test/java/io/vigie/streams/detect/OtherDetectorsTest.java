package io.vigie.streams.detect;

import static io.vigie.streams.detect.Posts.about;
import static io.vigie.streams.detect.Posts.minutes;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.schema.Observation;
import io.vigie.schema.Signal;
import io.vigie.schema.SignalKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Weak signals, sentiment shifts, coordination and virality, each on one subject. */
class OtherDetectorsTest {

  private final SubjectDetector detector = new SubjectDetector(DetectionSettings.defaults());

  private List<Signal> feed(SubjectState state, List<Observation> posts) {
    List<Signal> out = new ArrayList<>();
    for (Observation post : posts) {
      long at = post.getEventTime().toEpochMilli();
      out.addAll(detector.observe(state, post, at, at).signals());
    }
    return out;
  }

  private static List<Signal> of(List<Signal> signals, SignalKind kind) {
    return signals.stream().filter(s -> s.getKind() == kind).toList();
  }

  /**
   * A term's posts per hour over {@code hours}, in a stream of {@code volume} original posts an
   * hour, each by {@code author} (or by a new author each when null).
   */
  private static List<Observation> hourly(
      String subject, int fromHour, int[] perHour, long volume, String author) {
    List<Observation> posts = new ArrayList<>();
    for (int h = 0; h < perHour.length; h++) {
      Instant hour = minutes(60.0 * (fromHour + h));
      for (int i = 0; i < perHour[h]; i++) {
        Observation.Builder post =
            about(subject, hour.plusSeconds(60 + i * 3000L / Math.max(1, perHour[h])))
                .setWindowStart(hour)
                .setWindowVolume(volume);
        if (author != null) {
          post.setAuthor(author);
        }
        posts.add(post.build());
      }
    }
    return posts;
  }

  @Test
  void aTermGrowingAcrossManyAuthorsForTwoHoursIsAWeakSignal() {
    SubjectState term = detector.create("term:flood", false);
    int[] usual = new int[24];
    java.util.Arrays.fill(usual, 1);
    feed(term, hourly("term:flood", 0, usual, 1000, null));

    List<Signal> signals = feed(term, hourly("term:flood", 24, new int[] {6, 12}, 1000, null));

    assertThat(of(signals, SignalKind.WEAK_SIGNAL)).hasSize(1);
    assertThat(of(signals, SignalKind.WEAK_SIGNAL).get(0).getEvidence().getDetails())
        .containsKeys("growth", "author_diversity", "reasons");
  }

  @Test
  void oneAccountRepeatingItselfIsNotATrend() {
    SubjectState term = detector.create("term:promo", false);
    int[] usual = new int[24];
    java.util.Arrays.fill(usual, 1);
    feed(term, hourly("term:promo", 0, usual, 1000, null));

    List<Signal> signals =
        feed(term, hourly("term:promo", 24, new int[] {6, 12}, 1000, "test:spammer"));

    assertThat(of(signals, SignalKind.WEAK_SIGNAL)).isEmpty();
  }

  @Test
  void aTermRisingOnlyWithTheWholeStreamIsNotEmerging() {
    SubjectState term = detector.create("term:coffee", false);
    int[] usual = new int[24];
    java.util.Arrays.fill(usual, 2);
    feed(term, hourly("term:coffee", 0, usual, 1000, null));

    // Four times the posts, in a stream four times busier: the same share.
    List<Signal> signals = feed(term, hourly("term:coffee", 24, new int[] {8, 8, 8}, 4000, null));

    assertThat(of(signals, SignalKind.WEAK_SIGNAL)).isEmpty();
  }

  @Test
  void aNegativeTurnOnAWatchRuleIsASentimentShift() {
    SubjectState rule = detector.create("rule:acme", false);
    List<Observation> posts = new ArrayList<>();
    for (int m = 0; m < 600; m += 2) { // ten hours, a fifth of posts negative
      posts.add(about("rule:acme", minutes(m)).setSentiment(m % 10 == 0 ? -1 : 0).build());
    }
    for (int i = 0; i < 20; i++) { // then twenty posts, sixteen negative
      posts.add(about("rule:acme", minutes(600 + i)).setSentiment(i % 5 == 0 ? 1 : -1).build());
    }

    List<Signal> shifts = of(feed(rule, posts), SignalKind.SENTIMENT_SHIFT);

    assertThat(shifts).hasSize(1);
    assertThat(shifts.get(0).getObserved()).isGreaterThan(0.5);
  }

  @Test
  void aFewNegativePostsAreNotABadBuzz() {
    SubjectState rule = detector.create("rule:acme", false);
    List<Observation> posts = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      posts.add(about("rule:acme", minutes(600 + i)).setSentiment(-1).build());
    }

    assertThat(of(feed(rule, posts), SignalKind.SENTIMENT_SHIFT)).isEmpty();
  }

  private static List<Observation> copies(
      String cluster, Instant from, int accounts, Duration gap, boolean fresh, boolean repost) {
    List<Observation> posts = new ArrayList<>();
    for (int i = 0; i < accounts; i++) {
      Instant at = from.plus(gap.multipliedBy(i));
      posts.add(
          about(cluster, at)
              .setClusterId(cluster.substring(8))
              .setClusterOpenedAt(from)
              .setClusterOpener(false)
              .setNewAccount(fresh)
              .setRepost(repost)
              .setText("Best phone ever, buy it now!")
              .build());
    }
    return posts;
  }

  @Test
  void newAccountsPostingTheSameTextWithinMinutesAreCoordinated() {
    SubjectState cluster = detector.create("cluster:test:1", true);

    List<Signal> signals =
        feed(
            cluster,
            copies("cluster:test:1", minutes(600), 12, Duration.ofSeconds(8), true, false));

    assertThat(of(signals, SignalKind.COORDINATION)).hasSize(1);
    assertThat(of(signals, SignalKind.COORDINATION).get(0).getEvidence().getDetails())
        .containsEntry("new_accounts", "5"); // new accounts count double: five are enough
  }

  @Test
  void theSameTextSpreadOverHoursIsNotCoordinated() {
    SubjectState cluster = detector.create("cluster:test:2", true);

    List<Signal> signals =
        feed(
            cluster,
            copies("cluster:test:2", minutes(600), 20, Duration.ofMinutes(9), false, false));

    assertThat(of(signals, SignalKind.COORDINATION)).isEmpty();
  }

  @Test
  void whileThePipelineWarmsUpEveryClusterLooksYoungSoNoneIsCoordinated() {
    SubjectState cluster = detector.create("cluster:test:3", false);

    List<Signal> signals =
        feed(cluster, copies("cluster:test:3", minutes(0), 12, Duration.ofSeconds(8), true, false));

    assertThat(of(signals, SignalKind.COORDINATION)).isEmpty();
  }

  @Test
  void aPostRepostedByManyAccountsWithinMinutesIsFlaggedOnce() {
    SubjectState cluster = detector.create("cluster:test:4", true);

    List<Signal> signals =
        feed(
            cluster,
            copies("cluster:test:4", minutes(600), 40, Duration.ofSeconds(10), false, true));

    assertThat(of(signals, SignalKind.VIRAL_POST)).hasSize(1);
    assertThat(of(signals, SignalKind.COORDINATION)).as("reposts are not coordination").isEmpty();
  }
}
