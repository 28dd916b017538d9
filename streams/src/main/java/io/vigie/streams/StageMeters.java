package io.vigie.streams;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The posts each stage takes in and lets out, {@code vigie.streams.posts{stage,direction}}, and the
 * near-duplicates clustering finds, {@code vigie.streams.duplicates{kind}}: with the redeliveries
 * and dead letters counted where they happen, in minus out accounts for every post of a stage.
 *
 * <p>The meters live in the registry the stages are given: the process's (Micrometer's global one,
 * which {@code /metrics} shows) when they run, a test's own when a test runs them. A registry hands
 * back the counter it already holds under the same name and tags, so every task of a stage counts
 * into one. A gauge is different: a registry keeps it bound to the number it was first registered
 * with, so the stages of a registry share one {@code StageMeters}, which holds those numbers.
 */
public final class StageMeters {

  private final MeterRegistry registry;
  private final Map<String, AtomicInteger> gauges = new ConcurrentHashMap<>();

  public StageMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Where the meters are, for the stages' timers. */
  public MeterRegistry registry() {
    return registry;
  }

  /**
   * A counter with its help text (Prometheus lints a metric without one); {@code tags} are name,
   * value pairs.
   */
  public Counter counter(String name, String description, String... tags) {
    return Counter.builder(name).description(description).tags(tags).register(registry);
  }

  /**
   * The number behind the gauge {@code name}, registered the first time it is asked for; every task
   * that asks again sets the same number.
   */
  public AtomicInteger gauge(String name, String description) {
    return gauges.computeIfAbsent(
        name,
        n -> {
          AtomicInteger value = new AtomicInteger();
          Gauge.builder(n, value, AtomicInteger::get)
              .description(description)
              .strongReference(true)
              .register(registry);
          return value;
        });
  }

  /** Posts entering ({@code in}) or leaving ({@code out}) a stage. */
  public Counter posts(String stage, String direction) {
    return Counter.builder("vigie.streams.posts")
        .description("Posts entering (in) or leaving (out) a stage")
        .tag("stage", stage)
        .tag("direction", direction)
        .register(registry);
  }

  /** Posts that joined a cluster another post opened: reposts and near-identical texts. */
  public Counter nearDuplicates() {
    return Counter.builder("vigie.streams.duplicates")
        .description("Posts found to duplicate an earlier one, by kind")
        .tag("kind", "near_duplicate")
        .register(registry);
  }
}
