package io.vigie.ops.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a whole topic as a downstream consumer would (read_committed, no group): every committed
 * record from the beginning to the last stable offset of each partition at the time of the call.
 */
final class TopicReader {

  private TopicReader() {}

  static <V> List<ConsumerRecord<String, V>> readAll(
      Map<String, Object> kafka, String topic, Deserializer<V> values) {
    List<ConsumerRecord<String, V>> records = new ArrayList<>();
    try (KafkaConsumer<String, V> consumer = fromBeginning(kafka, topic, values)) {
      List<TopicPartition> partitions = List.copyOf(consumer.assignment());
      // With read_committed, the end offsets are the last stable offsets.
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(60));
      long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("Could not read " + topic + " to its end in 5 minutes");
        }
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }

  /** A read_committed consumer without a group, assigned every partition of {@code topic}. */
  static <V> KafkaConsumer<String, V> fromBeginning(
      Map<String, Object> kafka, String topic, Deserializer<V> values) {
    Map<String, Object> props = new HashMap<>(kafka);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    KafkaConsumer<String, V> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), values);
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic, Duration.ofSeconds(60)).stream()
            .map(p -> new TopicPartition(topic, p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    return consumer;
  }
}
