package io.vigie.ingest;

import io.vigie.ingest.publish.PostPublisher;
import io.vigie.ingest.publish.PostSink;
import io.vigie.schema.Post;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.RecordMetadata;

/** A sink that keeps what it is handed and acknowledges it at once, and records its closing. */
final class RecordingSink implements PostSink {

  final List<Post> published = new CopyOnWriteArrayList<>();
  final List<String> events;

  RecordingSink(List<String> events) {
    this.events = events;
  }

  @Override
  public Optional<String> problem(Post post) {
    return Optional.empty();
  }

  @Override
  public CompletableFuture<RecordMetadata> publish(Post post) {
    published.add(post);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void publish(Post post, Callback done) {
    published.add(post);
    done.onCompletion(null, null);
  }

  @Override
  public PostPublisher.Delivery publishUntilAcknowledged(
      Post post,
      Duration initial,
      Duration max,
      BooleanSupplier stopped,
      Consumer<Throwable> refused) {
    published.add(post);
    return PostPublisher.Delivery.ACKNOWLEDGED;
  }

  @Override
  public byte[] encode(Post post) {
    return new byte[0];
  }

  @Override
  public CompletableFuture<RecordMetadata> refuse(
      String stage,
      String key,
      byte[] original,
      String errorClass,
      String reason,
      Map<String, String> context) {
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void flushRefusals() {}

  @Override
  public void close() {
    events.add("sink closed");
  }
}
