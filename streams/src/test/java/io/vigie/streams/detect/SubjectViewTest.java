package io.vigie.streams.detect;

import static io.vigie.streams.detect.Posts.about;
import static io.vigie.streams.detect.Posts.minutes;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.schema.Observation;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubjectViewTest {

  private final SubjectDetector detector = new SubjectDetector(DetectionSettings.defaults());

  private void feed(SubjectState state, Observation post) {
    long at = post.getEventTime().toEpochMilli();
    detector.observe(state, post, at, at);
  }

  private static Observation words(String subject, Instant at, String... words) {
    return about(subject, at).setWords(List.of(words)).build();
  }

  @Test
  void aStoredStateShowsTheBucketFillingAgainstItsBaselineAndTheTermsOfItsPosts() {
    SubjectState state = detector.create("hashtag:flood", false);
    // Three hours at one post every five minutes teach the baseline about one post per minute
    // bucket in five.
    for (double m = 0; m < 180; m += 5) {
      feed(state, words("hashtag:flood", minutes(m), "flood", "river"));
    }
    feed(state, words("hashtag:flood", minutes(180.1), "flood", "bridge", "river"));
    feed(state, words("hashtag:flood", minutes(180.2), "flood", "bridge"));

    SubjectView view = detector.view("hashtag:flood", detector.write(state));

    assertThat(view.subject()).isEqualTo("hashtag:flood");
    assertThat(view.kind()).isEqualTo(SubjectState.Kind.HASHTAG);
    assertThat(view.posts()).isEqualTo(38);
    assertThat(view.lastSeen()).isEqualTo(minutes(180.2));
    assertThat(view.horizons()).hasSize(DetectionSettings.defaults().horizons().size());
    SubjectView.Horizon minute = view.horizons().get(0);
    assertThat(minute.widthSeconds()).isEqualTo(60);
    assertThat(minute.bucketStart()).isEqualTo(minutes(180));
    assertThat(minute.observed()).isEqualTo(2);
    assertThat(minute.bucketsLearned()).isGreaterThanOrEqualTo(179);
    assertThat(minute.expected()).isBetween(0.01, 0.6);
    assertThat(minute.episodeStart()).isNull();
    // The subject's own term is left out; the others come most frequent first, with counts.
    assertThat(minute.topTerms())
        .containsExactly(
            new SubjectView.TermCount("bridge", 2), new SubjectView.TermCount("river", 1));
  }

  @Test
  void aStateReadBackWritesTheSameBytesAndAHorizonDroppedFromTheSettingsIsSkipped() {
    SubjectState state = detector.create("hashtag:flood", false);
    for (double m = 0; m < 90; m += 3) {
      feed(state, words("hashtag:flood", minutes(m), "flood", "river", "bridge" + (int) m));
    }
    byte[] written = detector.write(state);

    assertThat(detector.write(detector.read("hashtag:flood", written))).isEqualTo(written);
    // Settings with the five-minute horizon only: the one-minute horizon's bytes are skipped by
    // their length, and what follows (the weak-signal tracker) still reads.
    SubjectDetector fiveMinutes =
        new SubjectDetector(
            DetectionSettings.defaults().withHorizons(List.of(java.time.Duration.ofMinutes(5))));
    SubjectView view = fiveMinutes.view("hashtag:flood", written);
    assertThat(view.horizons())
        .singleElement()
        .satisfies(h -> assertThat(h.widthSeconds()).isEqualTo(300));
    assertThat(view.posts()).isEqualTo(30);
    assertThat(view.horizons().get(0).bucketsLearned())
        .isEqualTo(SubjectView.of(state).horizons().get(1).bucketsLearned());
  }

  @Test
  void aStateOfTheFormerDetectorIsReadWithItsVolumeHorizonsAfresh() {
    SubjectState state = detector.create("hashtag:flood", false);
    for (double m = 0; m < 90; m += 3) {
      feed(state, words("hashtag:flood", minutes(m), "flood", "river"));
    }
    byte[] written = state.toBytes(false);
    // Format 2 laid out the header, the length-prefixed horizons and the other trackers as format
    // 3 does; only the horizons' contents (the log-space detector's) differ, and are skipped.
    written[0] = 2;

    SubjectView view = detector.view("hashtag:flood", written);

    assertThat(view.posts()).isEqualTo(30);
    assertThat(view.lastSeen()).isEqualTo(minutes(87));
    assertThat(view.horizons()).allSatisfy(h -> assertThat(h.bucketsLearned()).isZero());
  }

  @Test
  void aSubjectNeverSeenHasNoBucketYet() {
    SubjectView view = SubjectView.of(detector.create("term:levee", true));

    assertThat(view.lastSeen()).isNull();
    assertThat(view.posts()).isZero();
    assertThat(view.horizons()).allSatisfy(h -> assertThat(h.bucketStart()).isNull());
  }
}
