package io.vigie.streams.enrich;

import io.micrometer.core.instrument.Counter;
import io.vigie.schema.EnrichedPost;
import io.vigie.schema.Topic;
import io.vigie.schema.VigieTopics;
import io.vigie.schema.WatchRule;
import io.vigie.streams.StageMeters;
import io.vigie.streams.watch.WatchRuleSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Posts to enriched posts: every post gets what {@link PostEnricher} adds, in the raw topic's task
 * that validated it, before clustering; clustering's task then writes it to the enriched-posts
 * topic ({@link #writeEnrichedPosts}), which the application itself does not read back: detection
 * takes the same stream. Watch rules come from the compacted watch-rules topic, read as a global
 * table (every instance holds every rule); each task recompiles them from it every {@code
 * ruleRefresh} (1 s by default), so a new or changed rule applies within seconds, without a
 * restart.
 */
public final class EnrichmentTopology {

  static final String WATCH_RULES_STORE = "watch-rules";

  private final VigieTopics topics;
  private final PostEnricher enricher;
  private final Duration ruleRefresh;
  private final StageMeters meters;
  private final Clock clock;

  public EnrichmentTopology(
      VigieTopics topics,
      PostEnricher enricher,
      Duration ruleRefresh,
      StageMeters meters,
      Clock clock) {
    this.topics = topics;
    this.enricher = enricher;
    this.ruleRefresh = ruleRefresh;
    this.meters = meters;
    this.clock = clock;
  }

  /**
   * Adds enrichment of {@code posts} (deduplication's intake, in the raw topic's tasks) to {@code
   * builder}; returns them enriched, for clustering, which keeps what enrichment added.
   */
  public KStream<String, EnrichedPost> build(
      StreamsBuilder builder, KStream<String, EnrichedPost> posts) {
    Topic<String, WatchRule> rules = topics.watchRules();
    builder.globalTable(
        rules.name(),
        Consumed.with(rules.keySerde(), rules.valueSerde()).withName("watch-rules-in"),
        Materialized.<String, WatchRule, KeyValueStore<Bytes, byte[]>>as(WATCH_RULES_STORE)
            .withKeySerde(rules.keySerde())
            .withValueSerde(rules.valueSerde()));
    return posts.processValues(
        () -> new Enrich(enricher, ruleRefresh, meters, clock), Named.as("enrich-post"));
  }

  /** Writes {@code posts}, enriched and clustered, to their topic for the indexer and readers. */
  public void writeEnrichedPosts(KStream<String, EnrichedPost> posts) {
    Topic<String, EnrichedPost> enriched = topics.enrichedPosts();
    posts.to(
        enriched.name(),
        Produced.with(enriched.keySerde(), enriched.valueSerde()).withName("enriched-posts"));
  }

  private static final class Enrich
      implements FixedKeyProcessor<String, EnrichedPost, EnrichedPost> {
    private final AtomicInteger invalidRules;
    private final Counter in;
    private final Counter out;
    private final AtomicInteger activeRules;
    private final PostEnricher enricher;
    private final Duration ruleRefresh;
    private final Clock clock;
    private FixedKeyProcessorContext<String, EnrichedPost> context;
    private KeyValueStore<String, ValueAndTimestamp<WatchRule>> store;
    private WatchRuleSet rules = WatchRuleSet.empty();

    Enrich(PostEnricher enricher, Duration ruleRefresh, StageMeters meters, Clock clock) {
      this.invalidRules =
          meters.gauge(
              "vigie.streams.watch-rules.invalid", "Watch rules whose query does not parse");
      this.in = meters.posts("enrich", "in");
      this.out = meters.posts("enrich", "out");
      this.activeRules =
          meters.gauge(
              "vigie.streams.watch-rules.active", "Watch rules enrichment matches posts against");
      this.enricher = enricher;
      this.ruleRefresh = ruleRefresh;
      this.clock = clock;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, EnrichedPost> context) {
      this.context = context;
      this.store = context.getStateStore(WATCH_RULES_STORE);
      refresh();
      context.schedule(ruleRefresh, PunctuationType.WALL_CLOCK_TIME, now -> refresh());
    }

    private void refresh() {
      List<WatchRule> current = new ArrayList<>();
      try (KeyValueIterator<String, ValueAndTimestamp<WatchRule>> all = store.all()) {
        all.forEachRemaining(
            entry -> {
              if (entry.value != null && entry.value.value() != null) {
                current.add(entry.value.value());
              }
            });
      }
      rules = WatchRuleSet.of(current, enricher.analysis()::fold);
      activeRules.set(rules.size());
      invalidRules.set(rules.invalid());
    }

    @Override
    public void process(FixedKeyRecord<String, EnrichedPost> record) {
      in.increment();
      context.forward(record.withValue(enricher.enrich(record.value(), clock.instant(), rules)));
      out.increment();
    }
  }
}
