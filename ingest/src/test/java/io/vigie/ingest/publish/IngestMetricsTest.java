package io.vigie.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigie.schema.DeadLetter;
import io.vigie.schema.Post;
import io.vigie.schema.VigieTopics;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class IngestMetricsTest {

  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  private final VigieTopics topics = VigieTopics.withPrefix("t.");
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final IngestMetrics metrics = new IngestMetrics(registry);

  private static Post post(String source, String id) {
    return Post.newBuilder()
        .setSource(source)
        .setId(id)
        .setText("hello")
        .setCreatedAt(NOW)
        .setIngestedAt(NOW)
        .build();
  }

  private double count(String name, String... tags) {
    var counter = registry.find(name).tags(tags).counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void countsPostsOnlyOnceKafkaAnsweredThemBySource() {
    MockProducer<String, Post> producer =
        new MockProducer<>(
            false, null, new StringSerializer(), topics.rawPosts().valueSerde().serializer());
    PostPublisher publisher = new PostPublisher(topics.rawPosts(), producer, metrics);

    publisher.publish(post("rss", "1"));
    publisher.publish(post("rss", "2"));
    publisher.publish(post("bluesky", "3"));
    assertThat(count("vigie.ingest.posts.published", "source", "rss"))
        .as("nothing acknowledged yet")
        .isZero();
    producer.completeNext();
    producer.errorNext(new TimeoutException("broker down"));
    producer.completeNext();

    assertThat(count("vigie.ingest.posts.published", "source", "rss")).isEqualTo(1);
    assertThat(count("vigie.ingest.posts.failed", "source", "rss")).isEqualTo(1);
    assertThat(count("vigie.ingest.posts.published", "source", "bluesky")).isEqualTo(1);
  }

  @Test
  void countsEveryRefusalByStageAndErrorClass() {
    MockProducer<String, DeadLetter> producer =
        new MockProducer<>(
            true,
            null,
            new StringSerializer(),
            topics.ingestDeadLetters().valueSerde().serializer());
    RefusedPosts refusals =
        new RefusedPosts(
            topics.ingestDeadLetters(), producer, Clock.fixed(NOW, ZoneOffset.UTC), metrics);

    refusals.refuse("ingest.replay", null, new byte[] {1}, "UnreadableLine", "bad", Map.of());
    refusals.refuse("ingest.replay", null, new byte[] {2}, "UnreadableLine", "bad", Map.of());
    refusals.refuse("ingest.feeds", "k", new byte[] {3}, "InvalidPost", "too old", Map.of());

    assertThat(
            count(
                "vigie.ingest.posts.refused",
                "stage",
                "ingest.replay",
                "error_class",
                "UnreadableLine"))
        .isEqualTo(2);
    assertThat(
            count(
                "vigie.ingest.posts.refused",
                "stage",
                "ingest.feeds",
                "error_class",
                "InvalidPost"))
        .isEqualTo(1);
  }
}
