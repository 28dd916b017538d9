package io.vigie.ingest.publish;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What every source reports, whatever it is: posts Kafka acknowledged ({@code
 * vigie.ingest.posts.published}, by source), posts it failed to store ({@code
 * vigie.ingest.posts.failed}, by source) and input dead-lettered ({@code
 * vigie.ingest.posts.refused}, by stage and error class). The publisher and the refusals update
 * them, so that a new source is counted without writing a line of metrics code. Counters are looked
 * up once per tag value, not once per post.
 */
public final class IngestMetrics {

  private final MeterRegistry registry;
  private final Map<String, Counter> published = new ConcurrentHashMap<>();
  private final Map<String, Counter> failed = new ConcurrentHashMap<>();
  private final Map<String, Counter> refused = new ConcurrentHashMap<>();

  /** Counters registered in {@code registry}: the process that runs the source chooses which. */
  public IngestMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void published(String source) {
    published
        .computeIfAbsent(
            source,
            s ->
                Counter.builder("vigie.ingest.posts.published")
                    .description("Posts Kafka acknowledged")
                    .tag("source", s)
                    .register(registry))
        .increment();
  }

  void failed(String source) {
    failed
        .computeIfAbsent(
            source,
            s ->
                Counter.builder("vigie.ingest.posts.failed")
                    .description("Posts Kafka did not store (the source keeps or retries them)")
                    .tag("source", s)
                    .register(registry))
        .increment();
  }

  void refused(String stage, String errorClass) {
    refused
        .computeIfAbsent(
            stage + '\u0000' + errorClass,
            k ->
                Counter.builder("vigie.ingest.posts.refused")
                    .description("Input dead-lettered with its reason")
                    .tag("stage", stage)
                    .tag("error_class", errorClass)
                    .register(registry))
        .increment();
  }
}
