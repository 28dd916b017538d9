package io.vigie.app.testing;

import io.vigie.app.Connections;
import io.vigie.app.Pipeline;
import io.vigie.schema.EnrichedPost;
import io.vigie.schema.Post;
import java.time.Instant;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Enriched posts written straight to the enriched topic, for tests of the indexer alone. */
public final class EnrichedPosts {

  private EnrichedPosts() {}

  /**
   * Publishes posts {@code from} to {@code from + count - 1}, ids {@code <prefix><i>}, one second
   * apart from the Boston Marathon bombing's first minute.
   */
  public static void publish(
      Connections connections, Pipeline.Naming naming, String prefix, int from, int count) {
    var topic = naming.topics().enrichedPosts();
    try (var producer =
        new KafkaProducer<>(
            connections.kafka(), topic.keySerde().serializer(), topic.valueSerde().serializer())) {
      for (int i = from; i < from + count; i++) {
        Instant at = Instant.parse("2013-04-15T18:50:00Z").plusSeconds(i);
        Post post =
            Post.newBuilder()
                .setSource("twitter")
                .setId(prefix + i)
                .setText("Explosion near the finish line " + i)
                .setCreatedAt(at)
                .setIngestedAt(Instant.now())
                .build();
        producer.send(
            new ProducerRecord<>(
                topic.name(),
                null,
                at.toEpochMilli(),
                "twitter:" + prefix + i,
                EnrichedPost.newBuilder().setPost(post).setEnrichedAt(Instant.now()).build()));
      }
      producer.flush();
    }
  }
}
