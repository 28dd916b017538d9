package io.vigie.streams.dedup;

import java.time.Duration;

/**
 * How deduplication behaves: how long a (source, id) is remembered to drop its redeliveries, how
 * long near-duplicate clusters stay open, and over how many partitions clustering runs.
 *
 * <p>Clustering compares every post with every open cluster, so by default it runs on one partition
 * ({@code clusterPartitions} 1): exact copies and near-duplicates are found across the whole
 * stream. More partitions spread the work; posts are routed by the hash of their normalised text,
 * so exact copies still meet, but a near-duplicate whose text differs lands on another partition
 * with probability {@code 1 - 1/partitions} and opens a cluster of its own there.
 */
public record DedupSettings(
    Duration redeliveryRetention,
    Duration clusterRetention,
    int clusterPartitions,
    double similarityThreshold,
    int minClusterTextLength) {

  public DedupSettings {
    if (redeliveryRetention.isNegative() || redeliveryRetention.isZero()) {
      throw new IllegalArgumentException("redeliveryRetention must be positive");
    }
    if (clusterRetention.isNegative() || clusterRetention.isZero()) {
      throw new IllegalArgumentException("clusterRetention must be positive");
    }
    if (clusterPartitions < 1) {
      throw new IllegalArgumentException("clusterPartitions must be at least 1");
    }
    if (!(similarityThreshold > 0 && similarityThreshold <= 1)) {
      throw new IllegalArgumentException("similarityThreshold must be in (0, 1]");
    }
  }

  /** 24 hours for both, one clustering partition, similarity 0.6, 20 characters. */
  public static DedupSettings defaults() {
    return new DedupSettings(Duration.ofHours(24), Duration.ofHours(24), 1, 0.6, 20);
  }
}
