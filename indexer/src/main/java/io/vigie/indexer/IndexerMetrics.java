package io.vigie.indexer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What became of the indexer's documents, as totals since start (for the process that runs it) and
 * as meters (for the registry), plus the time of each bulk request from send to answer.
 */
final class IndexerMetrics {

  private final AtomicLong indexed = new AtomicLong();
  private final AtomicLong deadLettered = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private final AtomicLong superseded = new AtomicLong();
  private final MeterRegistry registry;
  private final Counter indexedMeter;
  private final Counter deadLetteredMeter;
  private final Counter supersededMeter;
  private final Counter retriedMeter;
  private final Map<Long, Long> bulkStarted = new ConcurrentHashMap<>();

  IndexerMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.indexedMeter = documents(registry, "indexed");
    this.deadLetteredMeter = documents(registry, "dead_lettered");
    this.supersededMeter = documents(registry, "superseded");
    this.retriedMeter =
        Counter.builder("vigie.indexer.retries")
            .description("Operations sent again after a 429, a 5xx or a failed request")
            .register(registry);
  }

  long indexed() {
    return indexed.get();
  }

  long deadLettered() {
    return deadLettered.get();
  }

  long superseded() {
    return superseded.get();
  }

  long retries() {
    return retries.get();
  }

  void countIndexed(int documents) {
    indexed.addAndGet(documents);
    indexedMeter.increment(documents);
  }

  void countDeadLettered() {
    deadLettered.incrementAndGet();
    deadLetteredMeter.increment();
  }

  /** A newer alert version is already indexed. */
  void countSuperseded() {
    superseded.incrementAndGet();
    supersededMeter.increment();
  }

  void countRetried(int operations) {
    retries.addAndGet(operations);
    retriedMeter.increment(operations);
  }

  void bulkSent(long executionId) {
    bulkStarted.put(executionId, System.nanoTime());
  }

  /** Bulk request time, from send to answer, by outcome: ok, item_errors, failed. */
  void bulkAnswered(long executionId, String outcome) {
    Long started = bulkStarted.remove(executionId);
    if (started != null) {
      Timer.builder("vigie.indexer.bulk")
          .description("Bulk requests, from send to answer")
          .tag("outcome", outcome)
          .publishPercentileHistogram()
          .register(registry)
          .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }
  }

  private static Counter documents(MeterRegistry registry, String outcome) {
    return Counter.builder("vigie.indexer.documents")
        .description("Documents by what became of them: indexed, dead_lettered, superseded")
        .tag("outcome", outcome)
        .register(registry);
  }
}
