package io.vigie.indexer;

import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import io.vigie.core.deadletter.DeadLetters;
import io.vigie.schema.serde.AvroDecodingException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;

/**
 * Turns a poll's raw records into a batch of bulk operations; a record that cannot be decoded, or
 * has no value, becomes a dead letter of the batch instead.
 */
final class BatchDecoder {

  private final Map<String, IndexedTopic<?>> sources;
  private final DeadLetterer deadLetterer;

  BatchDecoder(Map<String, IndexedTopic<?>> sources, DeadLetterer deadLetterer) {
    this.sources = sources;
    this.deadLetterer = deadLetterer;
  }

  Batch decode(ConsumerRecords<byte[], byte[]> records) {
    Batch batch = new Batch();
    for (ConsumerRecord<byte[], byte[]> record : records) {
      try {
        BulkOperation operation = operation(sources.get(record.topic()), record);
        if (operation == null) {
          batch.letters.add(deadLetterer.send(record, "MissingValue", "record has no value"));
          continue;
        }
        batch.operations.add(operation);
        batch.records.add(record);
      } catch (AvroDecodingException | NullPointerException e) {
        batch.letters.add(
            deadLetterer.send(record, DeadLetters.errorClass(e), DeadLetters.describe(e)));
      }
    }
    return batch;
  }

  /** The record's operation, or null when it has no value. */
  private static <T> BulkOperation operation(
      IndexedTopic<T> source, ConsumerRecord<byte[], byte[]> record) {
    String key = new String(record.key(), StandardCharsets.UTF_8);
    T value =
        source.topic().valueSerde().deserializer().deserialize(record.topic(), record.value());
    return value == null ? null : source.operation().apply(key, value);
  }
}
