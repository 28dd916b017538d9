package io.vigie.app.dlq;

import io.vigie.schema.DeadLetter;
import io.vigie.schema.Topic;
import io.vigie.schema.TopicReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads dead letters back from their topic. */
public final class DeadLetterReader {

  private DeadLetterReader() {}

  /** Every letter of {@code topic}, read to its end. */
  public static List<ConsumerRecord<String, DeadLetter>> readAll(
      Map<String, Object> kafka, Topic<String, DeadLetter> topic) {
    List<ConsumerRecord<String, DeadLetter>> letters = new ArrayList<>();
    TopicReader.readToEnd(kafka, topic, Duration.ofMinutes(2), letters::add);
    return letters;
  }

  /** The letter at {@code offset} of a partition of {@code topic}, if it is there within 30 s. */
  public static Optional<DeadLetter> find(
      Map<String, Object> kafka,
      Topic<String, DeadLetter> topic,
      int partitionNumber,
      long offset) {
    TopicPartition partition = new TopicPartition(topic.name(), partitionNumber);
    Map<String, Object> props = new HashMap<>(kafka);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    try (KafkaConsumer<String, DeadLetter> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), topic.valueSerde().deserializer())) {
      consumer.assign(List.of(partition));
      consumer.seek(partition, offset);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, DeadLetter> r : consumer.poll(Duration.ofMillis(500))) {
          if (r.offset() == offset) {
            return Optional.of(r.value());
          }
          if (r.offset() > offset) {
            break;
          }
        }
        if (consumer.position(partition) > offset) {
          break;
        }
      }
    }
    return Optional.empty();
  }
}
