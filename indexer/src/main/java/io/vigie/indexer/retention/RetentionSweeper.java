package io.vigie.indexer.retention;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link IndexRetention} in the indexer process: at start, then every {@code interval}, on a
 * daemon thread of its own so that Elasticsearch's slowness never holds up indexing. A failed pass
 * is logged and counted ({@code vigie.retention.failures}) and the next one tries again; every
 * deleted index is counted ({@code vigie.retention.indices.deleted}, by kind).
 */
public final class RetentionSweeper implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RetentionSweeper.class);

  private final IndexRetention retention;
  private final MeterRegistry registry;
  private final Counter failures;
  private final ScheduledExecutorService executor;
  private volatile boolean lifecycleSaid;

  private RetentionSweeper(IndexRetention retention, MeterRegistry registry) {
    this.retention = retention;
    this.registry = registry;
    this.failures =
        Counter.builder("vigie.retention.failures")
            .description("Retention passes that failed (Elasticsearch unreachable or refusing)")
            .register(registry);
    this.executor =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "vigie-retention");
              thread.setDaemon(true);
              return thread;
            });
  }

  /** Starts the passes; {@link #close()} stops them. */
  public static RetentionSweeper start(
      IndexRetention retention, Duration interval, MeterRegistry registry) {
    RetentionSweeper sweeper = new RetentionSweeper(retention, registry);
    sweeper.executor.scheduleWithFixedDelay(
        sweeper::pass, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    return sweeper;
  }

  private void pass() {
    try {
      IndexRetention.Report report = retention.apply(false);
      if (report.lifecycle()) {
        if (!lifecycleSaid) {
          log.info(
              "Index lifecycle management applies the indices' retention on this cluster;"
                  + " Vigie deletes none itself");
          lifecycleSaid = true;
        }
        return;
      }
      report
          .expired()
          .forEach(
              index ->
                  Counter.builder("vigie.retention.indices.deleted")
                      .description("Indices deleted past their retention, by kind")
                      .tag("kind", index.kind())
                      .register(registry)
                      .increment());
    } catch (Exception e) {
      if (executor.isShutdown()) {
        // Stopping: a pass cut short is not a failure, and the next start runs one again.
        log.debug("Retention pass interrupted by shutdown: {}", e.toString());
        return;
      }
      failures.increment();
      log.warn(
          "Deleting indices past their retention failed; next try in one interval: {}",
          e.toString());
    }
  }

  /** Stops the passes, letting one in progress finish for a few seconds first. */
  @Override
  public void close() {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
