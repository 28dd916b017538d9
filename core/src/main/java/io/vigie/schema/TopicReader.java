package io.vigie.schema;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic as a downstream consumer would, committed records only and without a consumer
 * group: from its beginning to the end it has when the read starts (how a compacted topic's current
 * state, or a log's history, is loaded), or from its beginning on, for a caller that keeps polling.
 */
public final class TopicReader {

  private TopicReader() {}

  /**
   * Hands every record of {@code topic} to {@code each}, in order within each partition.
   *
   * @throws IllegalStateException when the end is not reached within {@code timeout}
   */
  public static <V> void readToEnd(
      Map<String, Object> kafka,
      Topic<String, V> topic,
      Duration timeout,
      Consumer<ConsumerRecord<String, V>> each) {
    try (KafkaConsumer<String, V> consumer =
        fromBeginning(kafka, topic.name(), topic.valueSerde().deserializer(), timeout)) {
      readToEnd(consumer, topic.name(), timeout, each);
    }
  }

  /** Every record of the topic named {@code topic}, with string keys, as {@link #readToEnd}. */
  public static <V> List<ConsumerRecord<String, V>> readAll(
      Map<String, Object> kafka, String topic, Deserializer<V> values, Duration timeout) {
    List<ConsumerRecord<String, V>> records = new ArrayList<>();
    try (KafkaConsumer<String, V> consumer = fromBeginning(kafka, topic, values, timeout)) {
      readToEnd(consumer, topic, timeout, records::add);
    }
    return records;
  }

  /**
   * A read_committed consumer without a group, assigned every partition of {@code topic} at its
   * beginning; the caller polls it, and closes it.
   */
  public static <V> KafkaConsumer<String, V> fromBeginning(
      Map<String, Object> kafka, String topic, Deserializer<V> values, Duration timeout) {
    Map<String, Object> props = new HashMap<>(kafka);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    KafkaConsumer<String, V> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), values);
    try {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, timeout).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      return consumer;
    } catch (RuntimeException e) {
      consumer.close();
      throw e;
    }
  }

  private static <V> void readToEnd(
      KafkaConsumer<String, V> consumer,
      String topic,
      Duration timeout,
      Consumer<ConsumerRecord<String, V>> each) {
    List<TopicPartition> partitions = List.copyOf(consumer.assignment());
    // With read_committed, the end offsets are the last stable offsets.
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Could not read " + topic + " to its end in " + timeout);
      }
      consumer.poll(Duration.ofMillis(200)).forEach(each);
    }
  }
}
