package io.vigie.app.config;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The keys a {@code kafka.*} setting may name: every key the producer, consumer, admin client or
 * Kafka Streams defines (their own {@code ConfigDef}s, so SASL, SSL and every client's timeouts
 * come from the Kafka version Vigie runs with), the client-scoped forms Kafka Streams accepts
 * ({@code producer.}, {@code consumer.}, {@code main.consumer.}, {@code restore.consumer.}, {@code
 * global.consumer.}, {@code admin.} followed by that client's key, {@code topic.} followed by a
 * topic config), and config providers ({@code config.providers}, {@code config.providers.<name>.*})
 * that keep secrets out of the file. A key the clients would only log as "unknown" is refused
 * instead, before anything connects.
 */
final class KafkaClientKeys {

  /** Every accepted key, without the {@code kafka.} prefix; config providers are checked apart. */
  static final Set<String> KNOWN = known();

  private static final String PROVIDERS = AbstractConfig.CONFIG_PROVIDERS_CONFIG;

  private KafkaClientKeys() {}

  /**
   * Keys the clients read as open-ended families rather than names: metrics context labels ({@code
   * metrics.context.<label>}) and Streams' rack-aware client tags ({@code client.tag.<key>}).
   */
  private static final List<String> OPEN_FAMILIES =
      List.of(CommonClientConfigs.METRICS_CONTEXT_PREFIX, StreamsConfig.CLIENT_TAG_PREFIX);

  static boolean isKnown(String clientKey) {
    return KNOWN.contains(clientKey)
        || clientKey.equals(PROVIDERS)
        || clientKey.startsWith(PROVIDERS + ".")
        || OPEN_FAMILIES.stream().anyMatch(family -> unscoped(clientKey).startsWith(family));
  }

  /**
   * The key without a Streams client scope ({@code producer.} …), which these families may take.
   */
  private static String unscoped(String clientKey) {
    for (String scope :
        List.of(
            StreamsConfig.MAIN_CONSUMER_PREFIX,
            StreamsConfig.RESTORE_CONSUMER_PREFIX,
            StreamsConfig.GLOBAL_CONSUMER_PREFIX,
            StreamsConfig.PRODUCER_PREFIX,
            StreamsConfig.CONSUMER_PREFIX,
            StreamsConfig.ADMIN_CLIENT_PREFIX)) {
      if (clientKey.startsWith(scope)) {
        return clientKey.substring(scope.length());
      }
    }
    return clientKey;
  }

  private static Set<String> known() {
    Set<String> producer = ProducerConfig.configNames();
    Set<String> consumer = ConsumerConfig.configNames();
    Set<String> admin = AdminClientConfig.configNames();
    Map<String, Set<String>> scoped = new LinkedHashMap<>();
    scoped.put(StreamsConfig.PRODUCER_PREFIX, producer);
    scoped.put(StreamsConfig.CONSUMER_PREFIX, consumer);
    scoped.put(StreamsConfig.MAIN_CONSUMER_PREFIX, consumer);
    scoped.put(StreamsConfig.RESTORE_CONSUMER_PREFIX, consumer);
    scoped.put(StreamsConfig.GLOBAL_CONSUMER_PREFIX, consumer);
    scoped.put(StreamsConfig.ADMIN_CLIENT_PREFIX, admin);
    scoped.put(StreamsConfig.TOPIC_PREFIX, topicConfigs());

    Set<String> keys = new TreeSet<>();
    keys.addAll(producer);
    keys.addAll(consumer);
    keys.addAll(admin);
    keys.addAll(StreamsConfig.configDef().names());
    scoped.forEach((prefix, names) -> names.forEach(name -> keys.add(prefix + name)));
    return Set.copyOf(keys);
  }

  /** Topic configs have no ConfigDef in the clients, only TopicConfig's {@code *_CONFIG} names. */
  private static Set<String> topicConfigs() {
    Set<String> names = new TreeSet<>();
    for (Field field : TopicConfig.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers())
          && field.getType() == String.class
          && field.getName().endsWith("_CONFIG")) {
        try {
          names.add((String) field.get(null));
        } catch (IllegalAccessException e) {
          throw new IllegalStateException("TopicConfig." + field.getName() + " is public", e);
        }
      }
    }
    return names;
  }
}
