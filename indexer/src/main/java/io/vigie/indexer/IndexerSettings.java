package io.vigie.indexer;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of the indexer: how many operations and bytes make a bulk request, how often a partial one
 * is flushed, how many may be in flight, and how retries back off while Elasticsearch refuses or is
 * away.
 */
public record IndexerSettings(
    String indexPrefix,
    int bulkMaxOperations,
    long bulkMaxBytes,
    Duration flushInterval,
    int maxConcurrentRequests,
    Duration initialBackoff,
    Duration maxBackoff) {

  public IndexerSettings {
    Objects.requireNonNull(indexPrefix, "indexPrefix");
    if (bulkMaxOperations < 1 || bulkMaxBytes < 1 || maxConcurrentRequests < 1) {
      throw new IllegalArgumentException("bulk limits and concurrency must be positive");
    }
    if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("backoff must satisfy 0 <= initial <= max");
    }
  }

  /** The same settings writing to indices named with another prefix. */
  public IndexerSettings withIndexPrefix(String prefix) {
    return new IndexerSettings(
        prefix,
        bulkMaxOperations,
        bulkMaxBytes,
        flushInterval,
        maxConcurrentRequests,
        initialBackoff,
        maxBackoff);
  }

  /** The next wait after {@code previous}: doubled, capped at the maximum. */
  public Duration nextBackoff(Duration previous) {
    Duration doubled = previous.isZero() ? initialBackoff : previous.multipliedBy(2);
    return doubled.compareTo(maxBackoff) > 0 ? maxBackoff : doubled;
  }
}
