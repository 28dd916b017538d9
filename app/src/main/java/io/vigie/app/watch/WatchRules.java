package io.vigie.app.watch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigie.schema.Topic;
import io.vigie.schema.TopicReader;
import io.vigie.schema.WatchRule;
import io.vigie.streams.enrich.TextAnalysis;
import io.vigie.streams.watch.WatchQuery;
import io.vigie.streams.watch.WatchQueryException;
import java.text.Normalizer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The watch rules in their compacted topic: read them all, write or delete one, validate a query,
 * and convert rules to and from JSON ({@code {"id", "name", "query", "languages", "enabled",
 * "owner"}}). The topic is the single source of truth: the enrichment topology reads it as a global
 * table.
 */
public final class WatchRules {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TextAnalysis ANALYSIS = new TextAnalysis();

  private final Topic<String, WatchRule> topic;
  private final Map<String, Object> kafka;

  public WatchRules(Topic<String, WatchRule> topic, Map<String, Object> kafka) {
    this.topic = topic;
    this.kafka = kafka;
  }

  /** Parses {@code query} as the enrichment topology will. */
  public static void validate(String query) throws WatchQueryException {
    WatchQuery.parse(query, ANALYSIS::fold);
  }

  /**
   * The current rules by id: the topic read to its end, later records winning, tombstones deleting.
   */
  public Map<String, WatchRule> all() {
    Map<String, WatchRule> rules = new TreeMap<>();
    TopicReader.readToEnd(
        kafka,
        topic,
        Duration.ofSeconds(60),
        record -> {
          if (record.value() == null) {
            rules.remove(record.key());
          } else {
            rules.put(record.key(), record.value());
          }
        });
    return rules;
  }

  /** Writes {@code rules} (validated first: all or none), each keyed by its id. */
  public void put(List<WatchRule> rules) throws WatchQueryException, InterruptedException {
    for (WatchRule rule : rules) {
      validate(rule.getQuery());
    }
    send(rules.stream().map(r -> new ProducerRecord<>(topic.name(), r.getId(), r)).toList());
  }

  /** Deletes rule {@code id} (a tombstone: compaction forgets it). */
  public void remove(String id) throws InterruptedException {
    send(List.of(new ProducerRecord<>(topic.name(), id, (WatchRule) null)));
  }

  private void send(List<ProducerRecord<String, WatchRule>> records) throws InterruptedException {
    Map<String, Object> props = new HashMap<>(kafka);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    try (KafkaProducer<String, WatchRule> producer =
        new KafkaProducer<>(
            props, topic.keySerde().serializer(), topic.valueSerde().serializer())) {
      List<Future<?>> sent = new ArrayList<>();
      records.forEach(r -> sent.add(producer.send(r)));
      for (var future : sent) {
        future.get();
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("Kafka refused the watch rules: " + e.getCause(), e);
    }
  }

  /** A rule from its JSON form; {@code id} defaults to a slug of the name. */
  public static WatchRule fromJson(JsonNode node, Instant now) {
    String name = text(node, "name", null);
    String query = text(node, "query", null);
    if (query == null) {
      throw new IllegalArgumentException("a rule needs a \"query\": " + node);
    }
    String id = text(node, "id", name == null ? null : slug(name));
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("a rule needs an \"id\" or a \"name\": " + node);
    }
    List<String> languages = new ArrayList<>();
    node.path("languages").forEach(l -> languages.add(l.asText().toLowerCase(Locale.ROOT)));
    return WatchRule.newBuilder()
        .setId(id)
        .setName(name == null ? id : name)
        .setQuery(query)
        .setLanguages(languages)
        .setEnabled(node.path("enabled").asBoolean(true))
        .setOwner(text(node, "owner", null))
        .setUpdatedAt(now)
        .build();
  }

  public static ObjectNode toJson(WatchRule rule) {
    ObjectNode node = JSON.createObjectNode();
    node.put("id", rule.getId()).put("name", rule.getName()).put("query", rule.getQuery());
    ArrayNode languages = node.putArray("languages");
    rule.getLanguages().forEach(languages::add);
    node.put("enabled", rule.getEnabled());
    if (rule.getOwner() != null) {
      node.put("owner", rule.getOwner());
    }
    node.put("updated_at", rule.getUpdatedAt().toString());
    return node;
  }

  public static String slug(String name) {
    String folded =
        Normalizer.normalize(name, Normalizer.Form.NFKD)
            .replaceAll("\\p{M}+", "")
            .toLowerCase(Locale.ROOT);
    return folded.replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
  }

  private static String text(JsonNode node, String field, String fallback) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? fallback : value.asText();
  }
}
