package io.vigie.devtools.bench;

import io.vigie.schema.EnrichedPost;
import io.vigie.schema.Post;
import io.vigie.schema.Topic;
import io.vigie.schema.VigieTopics;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The baseline of {@code vigie bench streams}: Vigie's dedup and enrichment hops with nothing in
 * them. Raw posts are decoded, written once to a window store (as the redelivery filter does),
 * repartitioned on one partition, written once more to a window store (as clustering does) and sent
 * to an "enriched" topic, in the task that clustered them: the same topics, repartition, serdes,
 * guarantee and state writes per post, without the work.
 */
public final class PassThroughTopology {

  private final VigieTopics topics;
  private final String enriched;

  public PassThroughTopology(VigieTopics topics, String enriched) {
    this.topics = topics;
    this.enriched = enriched;
  }

  public void build(StreamsBuilder builder) {
    Topic<String, Post> raw = topics.rawPosts();
    Topic<String, EnrichedPost> out = topics.enrichedPosts();
    Duration day = Duration.ofDays(1);
    for (String store : new String[] {"pass-seen", "pass-clusters"}) {
      builder.addStateStore(
          Stores.windowStoreBuilder(
              Stores.persistentWindowStore(store, day, day, false),
              Serdes.String(),
              Serdes.Long()));
    }
    builder.stream(raw.name(), Consumed.with(raw.keySerde(), raw.valueSerde()))
        .processValues(() -> new Remember<>("pass-seen"), Named.as("pass-seen"), "pass-seen")
        .map(
            (key, post) ->
                KeyValue.pair(
                    key,
                    EnrichedPost.newBuilder().setPost(post).setEnrichedAt(Instant.EPOCH).build()),
            Named.as("pass-wrap"))
        .repartition(
            Repartitioned.with(Serdes.String(), out.valueSerde())
                .withName("pass-by-text")
                .withNumberOfPartitions(1))
        .processValues(
            () -> new Remember<>("pass-clusters"), Named.as("pass-clusters"), "pass-clusters")
        .mapValues(post -> post, Named.as("pass-enrich"))
        .to(enriched, Produced.with(out.keySerde(), out.valueSerde()));
  }

  /** One window-store write per record, then the record unchanged. */
  private static final class Remember<V> implements FixedKeyProcessor<String, V, V> {
    private final String storeName;
    private FixedKeyProcessorContext<String, V> context;
    private WindowStore<String, Long> store;

    Remember(String storeName) {
      this.storeName = storeName;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, V> context) {
      this.context = context;
      this.store = context.getStateStore(storeName);
    }

    @Override
    public void process(FixedKeyRecord<String, V> record) {
      store.put(record.key(), record.timestamp(), record.timestamp());
      context.forward(record);
    }
  }
}
