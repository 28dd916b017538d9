package io.vigie.app.dlq;

import io.vigie.schema.DeadLetter;
import io.vigie.schema.Topic;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Sends dead letters back to the topic they were read from, with their original key and bytes. */
public final class DeadLetterRedrive {

  /** What a redrive sent back, skipped as of another error class, and could not send back. */
  public record Outcome(int sent, int skipped, int noSource) {}

  private DeadLetterRedrive() {}

  /**
   * Takes {@code topic}'s letters in order through the consumer group vigie-dlq-redrive-{@code
   * name}, so each is sent back once; only those of {@code errorClass} when set; with {@code
   * dryRun}, sends and commits nothing.
   */
  public static Outcome redrive(
      Map<String, Object> kafka,
      Topic<String, DeadLetter> topic,
      String name,
      String errorClass,
      boolean dryRun,
      boolean fromBeginning) {
    Map<String, Object> props = new HashMap<>(kafka);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "vigie-dlq-redrive-" + name);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    Map<String, Object> producerProps = new HashMap<>(kafka);
    producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
    producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    int sent = 0;
    int skipped = 0;
    int noSource = 0;
    Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
    try (KafkaConsumer<String, DeadLetter> consumer =
            new KafkaConsumer<>(
                props, new StringDeserializer(), topic.valueSerde().deserializer());
        KafkaProducer<byte[], byte[]> producer =
            new KafkaProducer<>(
                producerProps, new ByteArraySerializer(), new ByteArraySerializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic.name()).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      if (fromBeginning) {
        consumer.seekToBeginning(partitions);
      }
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))
          && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, DeadLetter> r : consumer.poll(Duration.ofMillis(500))) {
          done.put(
              new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
          DeadLetter letter = r.value();
          if (letter == null
              || (errorClass != null && !errorClass.equals(letter.getErrorClass()))) {
            skipped++;
          } else if (letter.getSourceTopic() == null || letter.getOriginalValue() == null) {
            noSource++;
          } else {
            if (!dryRun) {
              producer.send(
                  new ProducerRecord<>(
                      letter.getSourceTopic(),
                      letter.getOriginalKey() == null
                          ? null
                          : DeadLetterContents.bytes(letter.getOriginalKey()),
                      DeadLetterContents.bytes(letter.getOriginalValue())));
            }
            sent++;
          }
        }
      }
      if (!dryRun) {
        producer.flush(); // every letter stored in its topic before the redrive moves past it
        if (!done.isEmpty()) {
          consumer.commitSync(done);
        }
      }
    }
    return new Outcome(sent, skipped, noSource);
  }
}
