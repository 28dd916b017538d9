package io.vigie.indexer;

import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/** One poll's records, their operations, and where their indexing stands. */
final class Batch {
  final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
  final List<BulkOperation> operations = new ArrayList<>();
  final List<Future<RecordMetadata>> letters = new ArrayList<>();
  long id;

  /** Operations (indices into {@link #operations}) not acknowledged yet. */
  List<Integer> todo = new ArrayList<>();

  BulkOutcome attempt;
  long attemptStarted;
  Duration backoff = Duration.ZERO;

  /** When the next attempt is due (System.nanoTime), or 0 while none is scheduled. */
  long retryAt;

  boolean finished;
}
