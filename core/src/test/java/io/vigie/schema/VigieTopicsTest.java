package io.vigie.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class VigieTopicsTest {

  @Test
  void shouldNameEveryTopicFromThePrefix() {
    VigieTopics topics = VigieTopics.withPrefix("acme.");

    assertThat(topics.all())
        .extracting(Topic::name)
        .containsExactly(
            "acme.posts.raw",
            "acme.posts.unique",
            "acme.posts.enriched",
            "acme.signals",
            "acme.alerts",
            "acme.watch-rules",
            "acme.alert-actions",
            "acme.alert-deliveries",
            "acme.detection-seeds",
            "acme.dead-letters.ingest",
            "acme.dead-letters.streams",
            "acme.dead-letters.indexer",
            "acme.dead-letters.dispatch",
            "acme.silences");
    assertThat(topics.isCompacted(topics.watchRules())).isTrue();
    assertThat(topics.isCompacted(topics.detectionSeeds())).isTrue();
    assertThat(topics.isCompacted(topics.alertDeliveries())).isTrue();
    assertThat(topics.isCompacted(topics.silences())).isTrue();
    assertThat(topics.isCompacted(topics.rawPosts())).isFalse();
  }

  @Test
  void shouldRejectPrefixKafkaCannotUse() {
    assertThatThrownBy(() -> VigieTopics.withPrefix("acme/"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("acme/");
  }

  @Test
  void shouldCarryTheRightSerdeWithEachTopic() {
    VigieTopics topics = VigieTopics.withPrefix("vigie.");
    Post post = Fixtures.bostonPost();

    byte[] bytes = topics.rawPosts().valueSerde().serializer().serialize("t", post);

    assertThat(topics.rawPosts().valueSerde().deserializer().deserialize("t", bytes))
        .isEqualTo(post);
  }
}
