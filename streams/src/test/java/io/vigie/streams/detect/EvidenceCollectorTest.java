package io.vigie.streams.detect;

import static io.vigie.streams.detect.Posts.about;
import static io.vigie.streams.detect.Posts.minutes;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.schema.Observation;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvidenceCollectorTest {

  private static List<Observation> posts(int count, String word) {
    List<Observation> posts = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      posts.add(
          about("term:" + word, minutes(i))
              .setWords(List.of(word, "other" + i % 40))
              .setWatchRuleIds(List.of("rule-" + i % 3))
              .setFollowers((long) i)
              .setSentiment(i % 3 - 1)
              .setNewAccount(i % 5 == 0)
              .build());
    }
    return posts;
  }

  private static byte[] bytes(EvidenceCollector collector) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    collector.write(new DataOutputStream(bytes));
    return bytes.toByteArray();
  }

  @Test
  void aClearedCollectorGathersAsANewOneWould() throws IOException {
    EvidenceCollector reused = new EvidenceCollector();
    posts(200, "flood").forEach(reused::add);
    reused.clear();
    EvidenceCollector fresh = new EvidenceCollector();

    assertThat(bytes(reused)).as("cleared").isEqualTo(bytes(fresh));

    for (Observation post : posts(30, "fire")) {
      reused.add(post);
      fresh.add(post);
    }
    assertThat(bytes(reused)).as("after new posts").isEqualTo(bytes(fresh));
    assertThat(reused.toEvidence("fire", Map.of())).isEqualTo(fresh.toEvidence("fire", Map.of()));
  }
}
