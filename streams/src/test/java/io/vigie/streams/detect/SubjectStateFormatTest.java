package io.vigie.streams.detect;

import static io.vigie.streams.detect.Posts.about;
import static io.vigie.streams.detect.Posts.minutes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigie.schema.Observation;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubjectStateFormatTest {

  private final SubjectDetector detector = new SubjectDetector(DetectionSettings.defaults());

  /** A tweet's worth of text and words, as a term's observation carries them. */
  private static Observation tweet(String subject, Instant at, int n) {
    return about(subject, at)
        .setText(
            "Explosions near the finish line of the marathon, people running on Boylston St,"
                + " police everywhere #"
                + n)
        .setWords(
            List.of(
                "explosions",
                "finish",
                "line",
                "marathon",
                "people",
                "running",
                "boylston",
                "police",
                "everywhere",
                "#bostonmarathon"))
        .build();
  }

  private SubjectState termSeen(int posts) {
    SubjectState state = detector.create("term:boylston", true);
    for (int i = 0; i < posts; i++) {
      Observation post = tweet("term:boylston", minutes(i * 0.5), i);
      long at = post.getEventTime().toEpochMilli();
      detector.observe(state, post, at, at);
    }
    return state;
  }

  @Test
  void aTermSeenOnceIsStoredInUnderAThirdOfItsUncompressedSize() {
    SubjectState state = termSeen(1);

    byte[] stored = detector.write(state);

    // The post's sample and words sit in each horizon's evidence and in the emergence tracker's.
    assertThat(stored.length).isLessThan(state.toBytes(false).length / 3);
  }

  @Test
  void aStateStoredBeforeCompressionReadsBackToTheSameState() {
    SubjectState state = termSeen(12);
    byte[] uncompressed = state.toBytes(false);

    SubjectState read = detector.read("term:boylston", uncompressed);

    assertThat(read.toBytes(false)).isEqualTo(uncompressed);
    assertThat(detector.write(read)).isEqualTo(detector.write(state));
  }

  @Test
  void theHeaderOfACompressedStateReadsWithoutDecompressing() {
    SubjectState state = termSeen(12);

    SubjectState.Header header = detector.header(detector.write(state));

    assertThat(header.posts()).isEqualTo(12);
    assertThat(header.lastSeen()).isEqualTo(minutes(5.5).toEpochMilli());
    assertThat(header.inEpisode()).isEqualTo(state.inEpisode());
  }

  @Test
  void aStateOfAnUnknownFormatIsRefusedWithItsFormat() {
    byte[] stored = detector.write(termSeen(1));
    stored[0] = 9;

    assertThatThrownBy(() -> detector.read("term:boylston", stored))
        .hasMessageContaining("Unknown detector state format 9");
    assertThatThrownBy(() -> detector.header(stored))
        .hasMessageContaining("Unknown detector state format 9");
  }
}
