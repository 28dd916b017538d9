package io.vigie.streams.index;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._helpers.bulk.BulkIngester;
import co.elastic.clients.elasticsearch._helpers.bulk.BulkListener;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import io.vigie.schema.DeadLetter;
import io.vigie.schema.Topic;
import io.vigie.schema.serde.AvroDecodingException;
import io.vigie.streams.errors.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Indexes enriched posts, signals and alerts into Elasticsearch through one {@link BulkIngester}
 * for the process.
 *
 * <p>Reads its topics as raw bytes (so that an undecodable record becomes a dead letter rather than
 * a poll failure), turns each record into an operation on the monthly index of its event time (see
 * {@link IndexedTopic}), and commits the batch's offsets only once Elasticsearch acknowledged every
 * document or it went to the indexer dead-letter topic. Operations refused with 429 or 5xx, or lost
 * with a failed request, are retried with exponential backoff while the consumer is paused, so that
 * a long outage neither loses documents nor costs the group membership. Replays are idempotent:
 * same index, same id; an alert's older version arriving after a newer one is refused by its
 * external version and counts as done. The indexer owns the consumer and producer it is given and
 * closes them when it stops.
 */
public final class Indexer implements Runnable, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Indexer.class);
  private static final Duration ANSWER_TIMEOUT = Duration.ofMinutes(2);

  private final IndexerSettings settings;
  private final Map<String, IndexedTopic<?>> sources = new LinkedHashMap<>();
  private final Topic<String, DeadLetter> deadLetters;
  private final Consumer<byte[], byte[]> consumer;
  private final Producer<String, DeadLetter> deadLetterProducer;
  private final BulkIngester<Integer> ingester;
  private final Clock clock;
  private final AtomicBoolean stopped = new AtomicBoolean();
  private final AtomicLong indexed = new AtomicLong();
  private final AtomicLong deadLettered = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private final AtomicLong superseded = new AtomicLong();
  private volatile BulkOutcome current;
  private final Map<TopicPartition, Long> committed = new HashMap<>();

  public Indexer(
      IndexerSettings settings,
      List<IndexedTopic<?>> sources,
      Topic<String, DeadLetter> deadLetters,
      Consumer<byte[], byte[]> consumer,
      Producer<String, DeadLetter> deadLetterProducer,
      ElasticsearchClient client,
      Clock clock) {
    this.settings = settings;
    sources.forEach(source -> this.sources.put(source.topic().name(), source));
    this.deadLetters = deadLetters;
    this.consumer = consumer;
    this.deadLetterProducer = deadLetterProducer;
    this.clock = clock;
    this.ingester =
        BulkIngester.of(
            b ->
                b.client(client)
                    .maxOperations(settings.bulkMaxOperations())
                    .maxSize(settings.bulkMaxBytes())
                    .maxConcurrentRequests(settings.maxConcurrentRequests())
                    .flushInterval(settings.flushInterval().toMillis(), TimeUnit.MILLISECONDS)
                    .listener(new OutcomeListener()));
  }

  /** Documents acknowledged by Elasticsearch since start. */
  public long indexed() {
    return indexed.get();
  }

  /** Records sent to the dead-letter topic since start. */
  public long deadLettered() {
    return deadLettered.get();
  }

  /** Alert versions Elasticsearch already had a newer version of, since start. */
  public long superseded() {
    return superseded.get();
  }

  /** Operations retried since start. */
  public long retries() {
    return retries.get();
  }

  @Override
  public void run() {
    consumer.subscribe(List.copyOf(sources.keySet()));
    try {
      while (!stopped.get()) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
        if (!records.isEmpty()) {
          indexBatch(records);
        }
        commitProgress();
      }
    } catch (WakeupException e) {
      if (!stopped.get()) {
        throw e;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      ingester.close();
      consumer.close();
      deadLetterProducer.close();
    }
  }

  /**
   * Asks the loop to stop after the batch in hand; offsets of unacknowledged work stay uncommitted.
   */
  @Override
  public void close() {
    stopped.set(true);
    consumer.wakeup();
  }

  private void indexBatch(ConsumerRecords<byte[], byte[]> records) throws InterruptedException {
    List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>(records.count());
    List<BulkOperation> operations = new ArrayList<>(records.count());
    List<Future<RecordMetadata>> letters = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> record : records) {
      try {
        BulkOperation operation = operation(sources.get(record.topic()), record);
        if (operation == null) {
          letters.add(deadLetter(record, "MissingValue", "record has no value"));
          continue;
        }
        operations.add(operation);
        batch.add(record);
      } catch (AvroDecodingException | NullPointerException e) {
        letters.add(deadLetter(record, DeadLetters.errorClass(e), DeadLetters.describe(e)));
      }
    }
    List<Integer> todo = new ArrayList<>();
    for (int i = 0; i < operations.size(); i++) {
      todo.add(i);
    }
    Duration backoff = Duration.ZERO;
    while (!todo.isEmpty()) {
      BulkOutcome outcome = submit(operations, todo);
      List<Integer> retry = new ArrayList<>();
      for (BulkOutcome.Failure failure : outcome.failures()) {
        int operation = todo.get(failure.index());
        if (failure.retriable()) {
          retry.add(operation);
        } else {
          letters.add(deadLetter(batch.get(operation), failure.type(), failure.reason()));
        }
      }
      indexed.addAndGet(todo.size() - outcome.failures().size());
      if (!retry.isEmpty()) {
        retries.addAndGet(retry.size());
        backoff = settings.nextBackoff(backoff);
        log.warn("{} documents not acknowledged, retrying in {}", retry.size(), backoff);
        waitKeepingMembership(backoff);
      }
      todo = retry;
    }
    awaitDeadLetters(letters);
  }

  /** The record's operation, or null when it has no value. */
  private static <T> BulkOperation operation(
      IndexedTopic<T> source, ConsumerRecord<byte[], byte[]> record) {
    String key = new String(record.key(), StandardCharsets.UTF_8);
    T value =
        source.topic().valueSerde().deserializer().deserialize(record.topic(), record.value());
    return value == null ? null : source.operation().apply(key, value);
  }

  /** Sends the chosen operations and waits for every answer; positions refer to {@code todo}. */
  private BulkOutcome submit(List<BulkOperation> operations, List<Integer> todo)
      throws InterruptedException {
    BulkOutcome outcome = new BulkOutcome(todo.size());
    current = outcome;
    for (int position = 0; position < todo.size(); position++) {
      ingester.add(operations.get(todo.get(position)), position);
    }
    ingester.flush();
    if (!outcome.await(ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
      // Treat silence as a failed request: everything unanswered is retried.
      BulkOutcome unanswered = new BulkOutcome(0);
      for (int position = 0; position < todo.size(); position++) {
        unanswered.failed(
            new BulkOutcome.Failure(position, true, "Timeout", "no answer from Elasticsearch"));
      }
      return unanswered;
    }
    return outcome;
  }

  private void waitKeepingMembership(Duration wait) throws InterruptedException {
    var assignment = consumer.assignment();
    consumer.pause(assignment);
    long until = System.nanoTime() + wait.toNanos();
    while (System.nanoTime() < until && !stopped.get()) {
      consumer.poll(
          Duration.ZERO); // keeps max.poll.interval.ms satisfied; paused, so returns nothing
      Thread.sleep(Math.min(200, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
    }
    consumer.resume(assignment);
  }

  private Future<RecordMetadata> deadLetter(
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
    deadLettered.incrementAndGet();
    String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    return deadLetterProducer.send(new ProducerRecord<>(deadLetters.name(), key, letter));
  }

  /** A dead letter that Kafka did not take must stop the commit, or the record would vanish. */
  private static void awaitDeadLetters(List<Future<RecordMetadata>> letters)
      throws InterruptedException {
    for (Future<RecordMetadata> letter : letters) {
      try {
        letter.get();
      } catch (ExecutionException e) {
        throw new IllegalStateException(
            "Cannot write to the dead-letter topic; stopping without committing", e.getCause());
      }
    }
  }

  /**
   * Commits the consumer's position on every partition where it moved: every record before it was
   * indexed or dead-lettered. Committing positions rather than last offset + 1 also steps over the
   * transaction markers the exactly-once topologies write, so that a caught-up indexer shows a lag
   * of zero.
   */
  private void commitProgress() {
    Map<TopicPartition, OffsetAndMetadata> moved = new HashMap<>();
    for (TopicPartition partition : consumer.assignment()) {
      long position = consumer.position(partition);
      Long last = committed.get(partition);
      if (last == null || last != position) {
        moved.put(partition, new OffsetAndMetadata(position));
      }
    }
    if (!moved.isEmpty()) {
      consumer.commitSync(moved);
      moved.forEach((partition, offset) -> committed.put(partition, offset.offset()));
    }
  }

  /** Routes each item's answer to the outcome of the batch being submitted. */
  private final class OutcomeListener implements BulkListener<Integer> {
    @Override
    public void beforeBulk(long executionId, BulkRequest request, List<Integer> contexts) {}

    @Override
    public void afterBulk(
        long executionId, BulkRequest request, List<Integer> contexts, BulkResponse response) {
      BulkOutcome outcome = current;
      List<BulkResponseItem> items = response.items();
      for (int i = 0; i < items.size(); i++) {
        BulkResponseItem item = items.get(i);
        int position = contexts.get(i);
        if (item.error() == null) {
          outcome.acknowledged(position);
        } else if (BulkOutcome.superseded(item.status(), item.error().type())) {
          superseded.incrementAndGet(); // a newer alert version is already indexed
          outcome.acknowledged(position);
        } else {
          outcome.failed(
              new BulkOutcome.Failure(
                  position,
                  BulkOutcome.retriable(item.status()),
                  item.error().type(),
                  item.error().reason()));
        }
      }
    }

    @Override
    public void afterBulk(
        long executionId, BulkRequest request, List<Integer> contexts, Throwable failure) {
      BulkOutcome outcome = current;
      log.warn("Bulk request failed: {}", failure.toString());
      for (Integer position : contexts) {
        outcome.failed(
            new BulkOutcome.Failure(
                position,
                true,
                failure.getClass().getSimpleName(),
                String.valueOf(failure.getMessage())));
      }
    }
  }
}
