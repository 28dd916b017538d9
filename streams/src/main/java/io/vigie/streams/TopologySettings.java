package io.vigie.streams;

import io.vigie.streams.dedup.DedupSettings;
import io.vigie.streams.detect.DetectionSettings;
import java.time.Duration;

/** How Vigie's topologies behave, as opposed to how the Kafka Streams client runs them. */
public record TopologySettings(
    DedupSettings dedup, Duration watchRuleRefresh, DetectionSettings detection) {

  public static TopologySettings defaults() {
    return new TopologySettings(
        DedupSettings.defaults(), Duration.ofSeconds(1), DetectionSettings.defaults());
  }
}
