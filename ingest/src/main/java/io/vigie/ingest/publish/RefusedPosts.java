package io.vigie.ingest.publish;

import io.vigie.schema.DeadLetter;
import io.vigie.schema.Topic;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Where pull and replay sources put input they cannot publish (a line that does not parse, a post
 * dated too far ahead): the ingest dead-letter topic, as Vigie's {@link DeadLetter} with the
 * original bytes, the reason and where it came from. Push sources answer the caller instead.
 */
public final class RefusedPosts implements AutoCloseable {

  private final Topic<String, DeadLetter> topic;
  private final Producer<String, DeadLetter> producer;
  private final Clock clock;
  private final IngestMetrics metrics;
  private final AtomicLong refused = new AtomicLong();

  public RefusedPosts(
      Topic<String, DeadLetter> topic,
      Producer<String, DeadLetter> producer,
      Clock clock,
      IngestMetrics metrics) {
    this.topic = topic;
    this.producer = producer;
    this.clock = clock;
    this.metrics = metrics;
  }

  /**
   * Refusals written by a producer of their own, with the publisher's durable settings plus {@code
   * kafka}.
   */
  public static RefusedPosts create(
      Topic<String, DeadLetter> topic,
      Map<String, Object> kafka,
      Clock clock,
      IngestMetrics metrics) {
    return new RefusedPosts(
        topic,
        new KafkaProducer<>(
            PostPublisher.producerProperties(kafka),
            topic.keySerde().serializer(),
            topic.valueSerde().serializer()),
        clock,
        metrics);
  }

  /**
   * Dead-letters {@code original}; the future completes once Kafka stored it, so that a source may
   * move its cursor past the input only then.
   */
  public CompletableFuture<RecordMetadata> refuse(
      String stage,
      String key,
      byte[] original,
      String errorClass,
      String reason,
      Map<String, String> context) {
    DeadLetter letter =
        DeadLetter.newBuilder()
            .setStage(stage)
            .setErrorClass(errorClass)
            .setErrorMessage(reason)
            .setOriginalKey(
                key == null ? null : ByteBuffer.wrap(key.getBytes(StandardCharsets.UTF_8)))
            .setOriginalValue(original == null ? null : ByteBuffer.wrap(original))
            .setFailedAt(clock.instant())
            .setAttributes(context)
            .build();
    refused.incrementAndGet();
    metrics.refused(stage, errorClass);
    CompletableFuture<RecordMetadata> stored = new CompletableFuture<>();
    producer.send(
        new ProducerRecord<>(topic.name(), key, letter),
        (metadata, error) -> {
          if (error == null) {
            stored.complete(metadata);
          } else {
            stored.completeExceptionally(error);
          }
        });
    return stored;
  }

  /** Inputs refused since start. */
  public long refused() {
    return refused.get();
  }

  public void flush() {
    producer.flush();
  }

  @Override
  public void close() {
    producer.close();
  }
}
