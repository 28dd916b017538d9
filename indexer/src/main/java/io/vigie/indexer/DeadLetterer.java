package io.vigie.indexer;

import io.vigie.core.deadletter.DeadLetters;
import io.vigie.schema.DeadLetter;
import io.vigie.schema.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Sends the records the indexer cannot index (undecodable, or refused by Elasticsearch for good) to
 * the indexer dead-letter topic, under the stage of the topic they came from.
 */
final class DeadLetterer {

  private final Map<String, IndexedTopic<?>> sources;
  private final Topic<String, DeadLetter> deadLetters;
  private final Producer<String, DeadLetter> producer;
  private final IndexerMetrics metrics;
  private final Clock clock;

  DeadLetterer(
      Map<String, IndexedTopic<?>> sources,
      Topic<String, DeadLetter> deadLetters,
      Producer<String, DeadLetter> producer,
      IndexerMetrics metrics,
      Clock clock) {
    this.sources = sources;
    this.deadLetters = deadLetters;
    this.producer = producer;
    this.metrics = metrics;
    this.clock = clock;
  }

  Future<RecordMetadata> send(
      ConsumerRecord<byte[], byte[]> record, String errorClass, String message) {
    DeadLetter letter =
        DeadLetters.fromKafka(
            sources.get(record.topic()).stage(),
            record.topic(),
            record.partition(),
            record.offset(),
            record.key(),
            record.value(),
            errorClass,
            message,
            clock.instant());
    metrics.countDeadLettered();
    String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    return producer.send(new ProducerRecord<>(deadLetters.name(), key, letter));
  }

  /** A dead letter that Kafka did not take must stop the commit, or the record would vanish. */
  static void await(List<Future<RecordMetadata>> letters) throws InterruptedException {
    for (Future<RecordMetadata> letter : letters) {
      try {
        letter.get();
      } catch (ExecutionException e) {
        throw new IllegalStateException(
            "Cannot write to the dead-letter topic; stopping without committing", e.getCause());
      }
    }
  }
}
