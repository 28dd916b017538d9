package io.vigie.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reading what a pipeline wrote, as a downstream consumer would (read_committed). */
public final class TestTopics {

  private TestTopics() {}

  /**
   * Every committed record of {@code topic} visible within {@code wait}, once at least {@code
   * expected} arrived.
   */
  public static <V> List<ConsumerRecord<String, V>> readAtLeast(
      String bootstrap, String topic, Deserializer<V> values, int expected, Duration wait) {
    return readUntil(bootstrap, topic, values, records -> records.size() >= expected, wait);
  }

  /**
   * Every committed record of {@code topic} visible within {@code wait}, once what arrived
   * satisfies {@code done}.
   */
  public static <V> List<ConsumerRecord<String, V>> readUntil(
      String bootstrap,
      String topic,
      Deserializer<V> values,
      Predicate<List<ConsumerRecord<String, V>>> done,
      Duration wait) {
    Map<String, Object> props =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ConsumerConfig.GROUP_ID_CONFIG,
            "test-reader-" + UUID.randomUUID(),
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest",
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            "read_committed",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false);
    List<ConsumerRecord<String, V>> records = new ArrayList<>();
    try (KafkaConsumer<String, V> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), values)) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + wait.toNanos();
      while (!done.test(records) && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }
}
