package io.vigie.streams.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.schema.Observation;
import io.vigie.schema.Signal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SubjectDetectionTest {

  private final SubjectDetector detector = new SubjectDetector(DetectionSettings.defaults());

  private long postsStored(SubjectDetection.States states, String subject) {
    byte[] bytes = states.get(subject);
    return bytes == null ? 0 : detector.header(bytes).posts();
  }

  @Test
  void changedStatesReachTheStoreWhenFlushedNotAtEachPost() {
    SubjectDetection.InMemoryStates states = new SubjectDetection.InMemoryStates();
    SubjectDetection detection =
        new SubjectDetection(detector, states, SubjectDetection.Drops.NONE);
    for (int i = 0; i < 3; i++) {
      Instant at = Posts.minutes(i);
      detection.observe(Posts.post("hashtag:flood", at), at.toEpochMilli());
    }

    assertThat(states.get("hashtag:flood")).isNull();
    assertThat(detection.flush()).isEqualTo(1);
    assertThat(postsStored(states, "hashtag:flood")).isEqualTo(3);
    assertThat(detection.flush()).as("nothing changed since").isZero();
  }

  @Test
  void flushingOncePerCommitStoresWhatFlushingAtEachPostStores() {
    SubjectDetection.InMemoryStates eachPost = new SubjectDetection.InMemoryStates();
    SubjectDetection.InMemoryStates perCommit = new SubjectDetection.InMemoryStates();
    SubjectDetection flushedEachPost =
        new SubjectDetection(detector, eachPost, SubjectDetection.Drops.NONE);
    SubjectDetection flushedPerCommit =
        new SubjectDetection(detector, perCommit, SubjectDetection.Drops.NONE);
    List<Signal> signalsEachPost = new ArrayList<>();
    List<Signal> signalsPerCommit = new ArrayList<>();
    // Four hours of chatter on three subjects, then a burst on one: buckets close, baselines
    // learn and an episode opens, so the states hold every part that gets serialised.
    for (int minute = 0; minute < 240; minute++) {
      for (String subject : List.of("global", "hashtag:lunch", "term:rain")) {
        if (minute % 3 == 0 || subject.equals("global")) {
          Instant at = Posts.minutes(minute + 0.5);
          Observation post = Posts.post(subject, at);
          signalsEachPost.addAll(flushedEachPost.observe(post, at.toEpochMilli()));
          flushedEachPost.flush();
          signalsPerCommit.addAll(flushedPerCommit.observe(post, at.toEpochMilli()));
        }
      }
      if (minute % 10 == 9) {
        flushedPerCommit.flush();
      }
    }
    for (int i = 0; i < 40; i++) {
      Instant at = Posts.minutes(241 + i * 0.02);
      Observation post = Posts.post("hashtag:lunch", at);
      signalsEachPost.addAll(flushedEachPost.observe(post, at.toEpochMilli()));
      flushedEachPost.flush();
      signalsPerCommit.addAll(flushedPerCommit.observe(post, at.toEpochMilli()));
    }
    flushedPerCommit.flush();

    assertThat(signalsPerCommit).isEqualTo(signalsEachPost).isNotEmpty();
    assertThat(bytesBySubject(perCommit)).containsOnlyKeys(bytesBySubject(eachPost).keySet());
    bytesBySubject(eachPost)
        .forEach(
            (subject, bytes) -> assertThat(perCommit.get(subject)).as(subject).isEqualTo(bytes));
  }

  @Test
  void aChangedStatePushedOutOfTheInMemoryCacheIsWrittenAtOnce() {
    SubjectDetection.InMemoryStates states = new SubjectDetection.InMemoryStates();
    SubjectDetection detection =
        new SubjectDetection(detector, states, SubjectDetection.Drops.NONE);
    Instant at = Posts.minutes(1);
    for (int i = 0; i <= 10_000; i++) {
      detection.observe(Posts.post("hashtag:tag" + i, at), at.toEpochMilli());
    }

    assertThat(postsStored(states, "hashtag:tag0")).isEqualTo(1);
    assertThat(states.get("hashtag:tag10000")).isNull();
    assertThat(detection.flush()).isEqualTo(10_000);
  }

  @Test
  void discardedChangesAreForgottenAndTheStoredStateReadBack() {
    SubjectDetection.InMemoryStates states = new SubjectDetection.InMemoryStates();
    SubjectDetection detection =
        new SubjectDetection(detector, states, SubjectDetection.Drops.NONE);
    for (int i = 0; i < 2; i++) {
      Instant at = Posts.minutes(i);
      detection.observe(Posts.post("hashtag:flood", at), at.toEpochMilli());
    }
    detection.flush();
    Instant third = Posts.minutes(2);
    detection.observe(Posts.post("hashtag:flood", third), third.toEpochMilli());

    detection.discardUnsaved();
    assertThat(detection.flush()).isZero();
    Instant again = Posts.minutes(3);
    detection.observe(Posts.post("hashtag:flood", again), again.toEpochMilli());
    detection.flush();

    assertThat(postsStored(states, "hashtag:flood"))
        .as("two kept, one discarded, one new")
        .isEqualTo(3);
  }

  private static Map<String, byte[]> bytesBySubject(SubjectDetection.InMemoryStates states) {
    Map<String, byte[]> all = new HashMap<>();
    states.forEach(all::put);
    return all;
  }
}
