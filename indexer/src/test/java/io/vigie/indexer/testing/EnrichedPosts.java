package io.vigie.indexer.testing;

import io.vigie.schema.EnrichedPost;
import io.vigie.schema.Post;
import io.vigie.schema.Topic;
import io.vigie.schema.VigieTopics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/** Enriched posts written straight to the enriched topic, for tests of the indexer alone. */
public final class EnrichedPosts {

  private EnrichedPosts() {}

  /**
   * Posts {@code from} to {@code from + count - 1}, ids {@code <prefix><i>}, one second apart from
   * the Boston Marathon bombing's first minute.
   */
  public static List<Post> marathon(String prefix, int from, int count) {
    List<Post> posts = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      posts.add(
          Post.newBuilder()
              .setSource("twitter")
              .setId(prefix + i)
              .setText("Explosion near the finish line " + i)
              .setCreatedAt(Instant.parse("2013-04-15T18:50:00Z").plusSeconds(i))
              .setIngestedAt(Instant.now())
              .build());
    }
    return posts;
  }

  /**
   * Writes the posts, enriched now, as the Streams application does: keyed by source and id,
   * stamped with their creation time. Returns once the broker acknowledged every one.
   */
  public static void publish(
      Map<String, Object> kafka, Topic<String, EnrichedPost> topic, List<Post> posts)
      throws InterruptedException, ExecutionException {
    try (var producer =
        new KafkaProducer<>(
            kafka, topic.keySerde().serializer(), topic.valueSerde().serializer())) {
      List<Future<RecordMetadata>> sent = new ArrayList<>();
      for (Post post : posts) {
        sent.add(
            producer.send(
                new ProducerRecord<>(
                    topic.name(),
                    null,
                    post.getCreatedAt().toEpochMilli(),
                    VigieTopics.postKey(post.getSource(), post.getId()),
                    EnrichedPost.newBuilder().setPost(post).setEnrichedAt(Instant.now()).build())));
      }
      for (Future<RecordMetadata> acknowledged : sent) {
        acknowledged.get();
      }
    }
  }
}
