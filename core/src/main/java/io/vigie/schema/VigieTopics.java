package io.vigie.schema;

import io.vigie.schema.serde.AvroSerde;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Every topic Vigie reads or writes, named from one prefix. Data flows one way: raw posts, unique
 * posts (redeliveries removed, near-duplicates clustered), enriched posts, signals, alerts; watch
 * rules and alert actions come in from the side; each stage writes what it cannot process to its
 * own dead-letter topic.
 */
public record VigieTopics(
    Topic<String, Post> rawPosts,
    Topic<String, EnrichedPost> uniquePosts,
    Topic<String, EnrichedPost> enrichedPosts,
    Topic<String, Signal> signals,
    Topic<String, Alert> alerts,
    Topic<String, WatchRule> watchRules,
    Topic<String, AlertAction> alertActions,
    Topic<String, AlertDelivery> alertDeliveries,
    Topic<String, byte[]> detectionSeeds,
    Topic<String, DeadLetter> ingestDeadLetters,
    Topic<String, DeadLetter> streamsDeadLetters,
    Topic<String, DeadLetter> indexerDeadLetters,
    Topic<String, DeadLetter> dispatchDeadLetters,
    Topic<String, AlertSilence> silences) {

  /** Kafka's own rule for topic names, minus the length limit checked separately. */
  private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]*");

  public VigieTopics {
    Objects.requireNonNull(rawPosts);
    Objects.requireNonNull(uniquePosts);
    Objects.requireNonNull(enrichedPosts);
    Objects.requireNonNull(signals);
    Objects.requireNonNull(alerts);
    Objects.requireNonNull(watchRules);
    Objects.requireNonNull(alertActions);
    Objects.requireNonNull(alertDeliveries);
    Objects.requireNonNull(detectionSeeds);
    Objects.requireNonNull(ingestDeadLetters);
    Objects.requireNonNull(streamsDeadLetters);
    Objects.requireNonNull(indexerDeadLetters);
    Objects.requireNonNull(dispatchDeadLetters);
    Objects.requireNonNull(silences);
  }

  /**
   * The standard topic set: {@code <prefix>posts.raw}, {@code <prefix>posts.unique}, {@code
   * <prefix>posts.enriched}, {@code <prefix>signals}, {@code <prefix>alerts}, {@code
   * <prefix>watch-rules}, {@code <prefix>alert-actions}, {@code <prefix>alert-deliveries} (the
   * dispatcher's delivery log: compacted), {@code <prefix>detection-seeds} (baselines learned from
   * history, by subject: compacted), {@code <prefix>dead-letters.<stage>}, and {@code
   * <prefix>silences} (the silences set at run time, by id: compacted).
   */
  public static VigieTopics withPrefix(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    if (!LEGAL.matcher(prefix).matches()) {
      throw new IllegalArgumentException(
          "Topic prefix '" + prefix + "' may only contain letters, digits, '.', '_' and '-'");
    }
    Serde<String> keys = Serdes.String();
    AvroSerde<DeadLetter> deadLetters = AvroSerde.of(DeadLetter.class);
    return new VigieTopics(
        new Topic<>(prefix + "posts.raw", keys, AvroSerde.of(Post.class)),
        new Topic<>(prefix + "posts.unique", keys, AvroSerde.of(EnrichedPost.class)),
        new Topic<>(prefix + "posts.enriched", keys, AvroSerde.of(EnrichedPost.class)),
        new Topic<>(prefix + "signals", keys, AvroSerde.of(Signal.class)),
        new Topic<>(prefix + "alerts", keys, AvroSerde.of(Alert.class)),
        new Topic<>(prefix + "watch-rules", keys, AvroSerde.of(WatchRule.class)),
        new Topic<>(prefix + "alert-actions", keys, AvroSerde.of(AlertAction.class)),
        new Topic<>(prefix + "alert-deliveries", keys, AvroSerde.of(AlertDelivery.class)),
        new Topic<>(prefix + "detection-seeds", keys, Serdes.ByteArray()),
        new Topic<>(prefix + "dead-letters.ingest", keys, deadLetters),
        new Topic<>(prefix + "dead-letters.streams", keys, deadLetters),
        new Topic<>(prefix + "dead-letters.indexer", keys, deadLetters),
        new Topic<>(prefix + "dead-letters.dispatch", keys, deadLetters),
        new Topic<>(prefix + "silences", keys, AvroSerde.of(AlertSilence.class)));
  }

  /** Every topic, in data-flow order, for creation and inspection. */
  public List<Topic<String, ?>> all() {
    return List.of(
        rawPosts,
        uniquePosts,
        enrichedPosts,
        signals,
        alerts,
        watchRules,
        alertActions,
        alertDeliveries,
        detectionSeeds,
        ingestDeadLetters,
        streamsDeadLetters,
        indexerDeadLetters,
        dispatchDeadLetters,
        silences);
  }

  /** Compacted topics keep the latest value per key instead of a time window. */
  public boolean isCompacted(Topic<?, ?> topic) {
    return topic.equals(watchRules)
        || topic.equals(detectionSeeds)
        || topic.equals(alertDeliveries)
        || topic.equals(silences);
  }

  /** The key every post is published under: its source and its source-scoped id. */
  public static String postKey(String source, String id) {
    return source + ":" + id;
  }
}
