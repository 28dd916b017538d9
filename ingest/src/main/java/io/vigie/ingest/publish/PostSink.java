package io.vigie.ingest.publish;

import io.vigie.schema.Post;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Where every source hands its posts: it checks a post ({@link #problem}), publishes an accepted
 * one and dead-letters refused input with its reason. Each source still decides when to wait for
 * the answers, since that is what sets its cursor or its reply.
 */
public interface PostSink extends AutoCloseable {

  /** Why {@code post} must be refused, or empty when it may be published. */
  Optional<String> problem(Post post);

  /** Publishes {@code post}; the future fails with the broker's error if it was not stored. */
  CompletableFuture<RecordMetadata> publish(Post post);

  /**
   * Publishes {@code post} and calls {@code done} once the broker answered, on the producer's I/O
   * thread.
   */
  void publish(Post post, Callback done);

  /** See {@link PostPublisher#publishUntilAcknowledged}. */
  PostPublisher.Delivery publishUntilAcknowledged(
      Post post,
      Duration initial,
      Duration max,
      BooleanSupplier stopped,
      Consumer<Throwable> refused)
      throws InterruptedException;

  /** The bytes {@code post} is published as, to keep it in a dead letter. */
  byte[] encode(Post post);

  /**
   * Dead-letters {@code original} with its reason; the future completes once the letter is stored.
   */
  CompletableFuture<RecordMetadata> refuse(
      String stage,
      String key,
      byte[] original,
      String errorClass,
      String reason,
      Map<String, String> context);

  /** Blocks until every dead letter handed over so far has been stored or failed. */
  void flushRefusals();

  /** Closes what publishes: posts first, then dead letters. */
  @Override
  void close();
}
