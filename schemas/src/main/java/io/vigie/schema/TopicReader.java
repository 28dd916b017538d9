package io.vigie.schema;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a topic from its beginning to the end it has when the read starts (committed records only,
 * no consumer group): how a compacted topic's current state, or a log's history, is loaded.
 */
public final class TopicReader {

  private TopicReader() {}

  /**
   * Hands every record to {@code each}, in order within each partition.
   *
   * @throws IllegalStateException when the end is not reached within {@code timeout}
   */
  public static <V> void readToEnd(
      Map<String, Object> kafka,
      Topic<String, V> topic,
      Duration timeout,
      Consumer<ConsumerRecord<String, V>> each) {
    Map<String, Object> props = new HashMap<>(kafka);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    try (KafkaConsumer<String, V> consumer =
        new KafkaConsumer<>(
            props, topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic.name(), timeout).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("Timed out reading " + topic.name());
        }
        consumer.poll(Duration.ofMillis(200)).forEach(each);
      }
    }
  }
}
