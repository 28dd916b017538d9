package io.vigie.devtools.demo;

import io.micrometer.core.instrument.MeterRegistry;
import io.vigie.app.Connections;
import io.vigie.app.Pipeline;
import io.vigie.ingest.publish.IngestMetrics;
import io.vigie.ingest.publish.PostPublisher;
import io.vigie.schema.Post;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes the demo's samples, moved to the present, to the run's raw topic as fast as Kafka takes
 * them, and prints how many Kafka acknowledged and at what rate. Posts Kafka refuses are counted,
 * not retried: the demo goes on with the others.
 */
public final class DemoReplay {

  private DemoReplay() {}

  /** Publishes every sample, counting in {@code registry}; returns how many Kafka acknowledged. */
  public static long publish(
      Connections connections,
      Pipeline.Naming naming,
      DemoSamples samples,
      MeterRegistry registry,
      PrintWriter out)
      throws Exception {
    List<Post> posts = samples.rebased();
    AtomicLong acknowledged = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    long start = System.nanoTime();
    try (PostPublisher publisher =
        PostPublisher.create(
            naming.topics().rawPosts(), connections.kafka(), new IngestMetrics(registry))) {
      List<CompletableFuture<?>> pending = new ArrayList<>(posts.size());
      for (Post post : posts) {
        pending.add(
            publisher
                .publish(post)
                .whenComplete(
                    (metadata, error) ->
                        (error == null ? acknowledged : failed).incrementAndGet()));
      }
      publisher.flush();
      CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
          .exceptionally(e -> null)
          .join();
    }
    double rate = acknowledged.get() / Math.max(1e-9, (System.nanoTime() - start) / 1e9);
    out.printf(
        DemoLines.PUBLISHED,
        acknowledged.get(),
        naming.topics().rawPosts().name(),
        rate,
        failed.get() == 0 ? "" : ", " + failed.get() + " refused by Kafka");
    out.flush();
    return acknowledged.get();
  }
}
