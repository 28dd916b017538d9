package io.vigie.ingest.publish;

import io.vigie.core.PostHeaders;
import io.vigie.ingest.Backoff;
import io.vigie.schema.Post;
import io.vigie.schema.Topic;
import io.vigie.schema.VigieTopics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way posts enter Kafka: every source publishes through it, so that every post is keyed
 * {@code <source>:<id>}, timestamped with its event time and labelled with its source and schema.
 * The returned future completes when the broker acknowledged the post (acks=all): only then may a
 * source acknowledge it upstream.
 */
public final class PostPublisher implements AutoCloseable {

  private static final byte[] SCHEMA_NAME =
      Post.getClassSchema().getFullName().getBytes(StandardCharsets.UTF_8);

  private static final Logger log = LoggerFactory.getLogger(PostPublisher.class);

  private final Topic<String, Post> topic;
  private final Producer<String, Post> producer;
  private final IngestMetrics metrics;

  public PostPublisher(
      Topic<String, Post> topic, Producer<String, Post> producer, IngestMetrics metrics) {
    this.topic = topic;
    this.producer = producer;
    this.metrics = metrics;
  }

  /** A publisher with its own producer, configured by {@link #producerProperties}. */
  public static PostPublisher create(
      Topic<String, Post> topic, Map<String, Object> kafka, IngestMetrics metrics) {
    return new PostPublisher(
        topic,
        new KafkaProducer<>(
            producerProperties(kafka),
            topic.keySerde().serializer(),
            topic.valueSerde().serializer()),
        metrics);
  }

  /**
   * Producer settings for durable, ordered, compressed publishing; {@code overrides} (the {@code
   * kafka.*} configuration: bootstrap servers, TLS, SASL, tuning) win over Vigie's choices.
   */
  public static Map<String, Object> producerProperties(Map<String, Object> overrides) {
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
    props.putAll(overrides);
    return props;
  }

  /** Publishes {@code post}; the future fails with the broker's error if it was not stored. */
  public CompletableFuture<RecordMetadata> publish(Post post) {
    CompletableFuture<RecordMetadata> acknowledged = new CompletableFuture<>();
    publish(
        post,
        (metadata, error) -> {
          if (error == null) {
            acknowledged.complete(metadata);
          } else {
            acknowledged.completeExceptionally(error);
          }
        });
    return acknowledged;
  }

  /**
   * Publishes {@code post} and calls {@code done} once the broker answered, with the metadata or
   * the error. The callback runs on the producer's I/O thread: keep it short. Cheaper than {@link
   * #publish(Post)} for sources that publish many posts at once.
   */
  public void publish(Post post, Callback done) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(PostHeaders.SOURCE, post.getSource().getBytes(StandardCharsets.UTF_8));
    headers.add(PostHeaders.SCHEMA, SCHEMA_NAME);
    ProducerRecord<String, Post> record =
        new ProducerRecord<>(
            topic.name(),
            null,
            post.getCreatedAt().toEpochMilli(),
            VigieTopics.postKey(post.getSource(), post.getId()),
            post,
            headers);
    String source = post.getSource();
    Callback counted =
        (metadata, error) -> {
          if (error == null) {
            metrics.published(source);
          } else {
            metrics.failed(source);
          }
          done.onCompletion(metadata, error);
        };
    try {
      producer.send(record, counted);
    } catch (RuntimeException e) {
      // Serialization and configuration errors are thrown by send() itself.
      counted.onCompletion(null, e);
    }
  }

  /** The bytes {@code post} is published as, e.g. to keep it in a dead letter. */
  public byte[] encode(Post post) {
    return topic.valueSerde().serializer().serialize(topic.name(), post);
  }

  /** How {@link #publishUntilAcknowledged} ended. */
  public enum Delivery {
    ACKNOWLEDGED,
    REFUSED,
    STOPPED
  }

  /**
   * Publishes {@code post} and waits for Kafka's acknowledgement, retrying timeouts and retriable
   * failures with a backoff doubling from {@code initial} to {@code max}, for sources that must not
   * move on before the post is stored (streams without a replayable cursor). A failure that no
   * retry can fix is handed to {@code refused} (to dead-letter it) and reported as {@link
   * Delivery#REFUSED}; {@code stopped} ends the wait.
   */
  public Delivery publishUntilAcknowledged(
      Post post,
      Duration initial,
      Duration max,
      BooleanSupplier stopped,
      Consumer<Throwable> refused)
      throws InterruptedException {
    Duration backoff = initial;
    while (!stopped.getAsBoolean()) {
      try {
        publish(post).get(30, TimeUnit.SECONDS);
        return Delivery.ACKNOWLEDGED;
      } catch (ExecutionException e) {
        if (!isRetriable(e.getCause())) {
          refused.accept(e.getCause());
          return Delivery.REFUSED;
        }
        log.warn(
            "Kafka did not acknowledge {}:{}, retrying in {}: {}",
            post.getSource(),
            post.getId(),
            backoff,
            e.getCause().toString());
      } catch (TimeoutException e) {
        log.warn(
            "Kafka did not acknowledge {}:{} within 30 s, retrying in {}",
            post.getSource(),
            post.getId(),
            backoff);
      }
      Thread.sleep(backoff.toMillis());
      backoff = Backoff.next(backoff, max);
    }
    return Delivery.STOPPED;
  }

  /** Blocks until every post handed over so far has been acknowledged or failed. */
  public void flush() {
    producer.flush();
  }

  /**
   * Whether a publishing error is worth retrying later (broker unavailable, timeouts) rather than
   * fatal (authorization, a record the broker will never take).
   */
  public static boolean isRetriable(Throwable error) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    return cause instanceof RetriableException;
  }

  @Override
  public void close() {
    producer.close();
  }
}
