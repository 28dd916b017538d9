package io.vigie.streams;

import io.vigie.streams.dedup.DedupSettings;
import io.vigie.streams.detect.DetectionSettings;
import java.time.Duration;

/**
 * How Vigie's topologies behave, as opposed to how the Kafka Streams client runs them.
 *
 * @param uniquePostsTopic whether deduplication also writes the unique-posts topic, which the
 *     application itself no longer reads (enrichment takes the posts in the same task)
 * @param subjectPartitions partitions of detection's subject repartition: the topics' partitions,
 *     as many as the enriched-posts topic it was fed from before
 */
public record TopologySettings(
    DedupSettings dedup,
    Duration watchRuleRefresh,
    DetectionSettings detection,
    boolean uniquePostsTopic,
    int subjectPartitions) {

  /** The partitions Vigie's topics have by default ({@code topics.partitions}). */
  public static final int DEFAULT_PARTITIONS = 6;

  public TopologySettings {
    if (subjectPartitions < 1) {
      throw new IllegalArgumentException(
          "subject partitions: at least 1, not " + subjectPartitions);
    }
  }

  public static TopologySettings defaults() {
    return new TopologySettings(
        DedupSettings.defaults(),
        Duration.ofSeconds(1),
        DetectionSettings.defaults(),
        false,
        DEFAULT_PARTITIONS);
  }

  public TopologySettings withUniquePostsTopic(boolean enabled) {
    return new TopologySettings(dedup, watchRuleRefresh, detection, enabled, subjectPartitions);
  }

  public TopologySettings withSubjectPartitions(int partitions) {
    return new TopologySettings(dedup, watchRuleRefresh, detection, uniquePostsTopic, partitions);
  }
}
