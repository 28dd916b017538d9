package io.vigie.testkit;

import io.vigie.core.PostHeaders;
import io.vigie.schema.Post;
import io.vigie.schema.Topic;
import io.vigie.schema.VigieTopics;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Posts written to a raw-posts topic the way ingest's publisher writes them: keyed {@code
 * <source>:<id>}, timestamped with their event time, with the source and schema headers, stored by
 * every replica. For tests of the modules that cannot use ingest, and for {@link CrisisScenario}.
 */
public final class RawPosts implements AutoCloseable {

  private static final byte[] SCHEMA_NAME =
      Post.getClassSchema().getFullName().getBytes(StandardCharsets.UTF_8);

  private final Topic<String, Post> topic;
  private final KafkaProducer<String, Post> producer;

  public RawPosts(String bootstrapServers, Topic<String, Post> topic) {
    this.topic = topic;
    this.producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true),
            topic.keySerde().serializer(),
            topic.valueSerde().serializer());
  }

  /** Publishes {@code post}; the future completes once the broker stored it. */
  public Future<RecordMetadata> publish(Post post) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(PostHeaders.SOURCE, post.getSource().getBytes(StandardCharsets.UTF_8));
    headers.add(PostHeaders.SCHEMA, SCHEMA_NAME);
    return producer.send(
        new ProducerRecord<>(
            topic.name(),
            null,
            post.getCreatedAt().toEpochMilli(),
            VigieTopics.postKey(post.getSource(), post.getId()),
            post,
            headers));
  }

  /** Blocks until every post handed over so far has been stored or failed. */
  public void flush() {
    producer.flush();
  }

  @Override
  public void close() {
    producer.close();
  }
}
