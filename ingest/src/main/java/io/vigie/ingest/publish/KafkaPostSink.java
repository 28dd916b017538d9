package io.vigie.ingest.publish;

import io.vigie.schema.Post;
import io.vigie.schema.validation.PostValidator;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * The sink of every running source: posts the validator accepts go to the raw topic through {@link
 * PostPublisher}, refused input to the ingest dead-letter topic through {@link RefusedPosts}, both
 * counted by the {@link IngestMetrics} they were built with. A push source (the webhook) answers
 * its caller instead of dead-lettering, so its sink has no dead-letter producer at all.
 */
public final class KafkaPostSink implements PostSink {

  private final PostPublisher publisher;
  private final Optional<RefusedPosts> refusals;
  private final PostValidator validator;

  public KafkaPostSink(PostPublisher publisher, RefusedPosts refusals, PostValidator validator) {
    this(publisher, Optional.of(refusals), validator);
  }

  private KafkaPostSink(
      PostPublisher publisher, Optional<RefusedPosts> refusals, PostValidator validator) {
    this.publisher = publisher;
    this.refusals = refusals;
    this.validator = validator;
  }

  /** A sink for a source that answers its caller about refused posts rather than keeping them. */
  public static KafkaPostSink withoutDeadLetters(PostPublisher publisher, PostValidator validator) {
    return new KafkaPostSink(publisher, Optional.empty(), validator);
  }

  @Override
  public Optional<String> problem(Post post) {
    return validator.problem(post);
  }

  @Override
  public CompletableFuture<RecordMetadata> publish(Post post) {
    return publisher.publish(post);
  }

  @Override
  public void publish(Post post, Callback done) {
    publisher.publish(post, done);
  }

  @Override
  public PostPublisher.Delivery publishUntilAcknowledged(
      Post post,
      Duration initial,
      Duration max,
      BooleanSupplier stopped,
      Consumer<Throwable> refused)
      throws InterruptedException {
    return publisher.publishUntilAcknowledged(post, initial, max, stopped, refused);
  }

  @Override
  public byte[] encode(Post post) {
    return publisher.encode(post);
  }

  @Override
  public CompletableFuture<RecordMetadata> refuse(
      String stage,
      String key,
      byte[] original,
      String errorClass,
      String reason,
      Map<String, String> context) {
    return deadLetters().refuse(stage, key, original, errorClass, reason, context);
  }

  @Override
  public void flushRefusals() {
    deadLetters().flush();
  }

  private RefusedPosts deadLetters() {
    return refusals.orElseThrow(
        () -> new IllegalStateException("this sink answers its caller: it has no dead letters"));
  }

  @Override
  public void close() {
    publisher.close();
    refusals.ifPresent(RefusedPosts::close);
  }
}
