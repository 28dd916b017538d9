package io.vigie.streams;

import io.vigie.streams.dedup.DedupSettings;
import java.time.Duration;

/** How Vigie's topologies behave, as opposed to how the Kafka Streams client runs them. */
public record TopologySettings(DedupSettings dedup, Duration watchRuleRefresh) {

  public static TopologySettings defaults() {
    return new TopologySettings(DedupSettings.defaults(), Duration.ofSeconds(1));
  }
}
