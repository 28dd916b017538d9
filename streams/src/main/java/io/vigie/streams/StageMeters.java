package io.vigie.streams;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;

/**
 * The posts each stage takes in and lets out, {@code vigie.streams.posts{stage,direction}}, and the
 * near-duplicates clustering finds, {@code vigie.streams.duplicates{kind}}: with the redeliveries
 * and dead letters counted where they happen, in minus out accounts for every post of a stage.
 */
public final class StageMeters {

  private StageMeters() {}

  /**
   * A counter with its help text (Prometheus lints a metric without one), in Micrometer's global
   * registry; {@code tags} are name, value pairs.
   */
  public static Counter counter(String name, String description, String... tags) {
    return Counter.builder(name)
        .description(description)
        .tags(tags)
        .register(Metrics.globalRegistry);
  }

  /** Posts entering ({@code in}) or leaving ({@code out}) a stage. */
  public static Counter posts(String stage, String direction) {
    return Counter.builder("vigie.streams.posts")
        .description("Posts entering (in) or leaving (out) a stage")
        .tag("stage", stage)
        .tag("direction", direction)
        .register(Metrics.globalRegistry);
  }

  /** Posts that joined a cluster another post opened: reposts and near-identical texts. */
  public static Counter nearDuplicates() {
    return Counter.builder("vigie.streams.duplicates")
        .description("Posts found to duplicate an earlier one, by kind")
        .tag("kind", "near_duplicate")
        .register(Metrics.globalRegistry);
  }
}
