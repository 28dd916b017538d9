package io.vigie.indexer;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._helpers.bulk.BulkIngester;
import co.elastic.clients.elasticsearch._helpers.bulk.BulkListener;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vigie.core.deadletter.DeadLetters;
import io.vigie.schema.DeadLetter;
import io.vigie.schema.Topic;
import io.vigie.schema.serde.AvroDecodingException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
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
 * {@link IndexedTopic}), and commits a batch's offsets only once Elasticsearch acknowledged every
 * document of it and of every batch polled before it, or they went to the indexer dead-letter topic
 * (see {@link CommitFrontier}). Batches are pipelined: the next poll is decoded and serialised
 * while the previous bulk request is in flight, which is where a one-batch-at-a-time loop loses a
 * fifth of the throughput. Operations refused with 429 or 5xx, or lost with a failed request, are
 * retried with exponential backoff while the consumer is paused, so that a long outage neither
 * loses documents, nor piles up new work, nor costs the group membership. Replays are idempotent:
 * same index, same id; an alert's older version arriving after a newer one is refused by its
 * external version and counts as done. The indexer owns the consumer and producer it is given and
 * closes them when it stops.
 */
public final class Indexer implements Runnable, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Indexer.class);
  private static final Duration ANSWER_TIMEOUT = Duration.ofMinutes(2);
  private static final Duration IDLE_POLL = Duration.ofMillis(500);

  /** Short enough to notice answers and due retries promptly while batches are in flight. */
  private static final Duration BUSY_POLL = Duration.ofMillis(10);

  /** How long a revocation waits for the batches in flight before handing partitions over. */
  private static final Duration REVOCATION_DRAIN = Duration.ofSeconds(30);

  private final IndexerSettings settings;
  private final Map<String, IndexedTopic<?>> sources = new LinkedHashMap<>();
  private final Topic<String, DeadLetter> deadLetters;
  private final Consumer<byte[], byte[]> consumer;
  private final Producer<String, DeadLetter> deadLetterProducer;
  private final BulkIngester<Slot> ingester;
  private final Clock clock;
  private final AtomicBoolean stopped = new AtomicBoolean();
  private final AtomicLong indexed = new AtomicLong();
  private final AtomicLong deadLettered = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private final AtomicLong superseded = new AtomicLong();
  private final MeterRegistry registry;
  private final Counter indexedMeter;
  private final Counter deadLetteredMeter;
  private final Counter supersededMeter;
  private final Counter retriedMeter;
  private final Map<Long, Long> bulkStarted = new ConcurrentHashMap<>();
  private final Deque<Batch> inFlight = new ArrayDeque<>();
  private final CommitFrontier frontier = new CommitFrontier();
  private final Map<TopicPartition, Long> committed = new HashMap<>();
  private final int maxPendingOperations;

  public Indexer(
      IndexerSettings settings,
      List<IndexedTopic<?>> sources,
      Topic<String, DeadLetter> deadLetters,
      Consumer<byte[], byte[]> consumer,
      Producer<String, DeadLetter> deadLetterProducer,
      ElasticsearchClient client,
      MeterRegistry registry,
      Clock clock) {
    this.registry = registry;
    this.indexedMeter = documents(registry, "indexed");
    this.deadLetteredMeter = documents(registry, "dead_lettered");
    this.supersededMeter = documents(registry, "superseded");
    this.retriedMeter =
        Counter.builder("vigie.indexer.retries")
            .description("Operations sent again after a 429, a 5xx or a failed request")
            .register(registry);
    this.settings = settings;
    sources.forEach(source -> this.sources.put(source.topic().name(), source));
    this.deadLetters = deadLetters;
    this.consumer = consumer;
    this.deadLetterProducer = deadLetterProducer;
    this.clock = clock;
    // Requests in flight plus one filling: more than that only waits in memory.
    this.maxPendingOperations =
        settings.bulkMaxOperations() * (settings.maxConcurrentRequests() + 1);
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
    consumer.subscribe(List.copyOf(sources.keySet()), new HandOver());
    try {
      while (!stopped.get()) {
        holdWhileBehind();
        ConsumerRecords<byte[], byte[]> records =
            consumer.poll(inFlight.isEmpty() ? IDLE_POLL : BUSY_POLL);
        if (!records.isEmpty()) {
          start(records);
        }
        sendWhileASlotIsFree();
        advance(true);
        commitProgress();
      }
    } catch (WakeupException e) {
      if (!stopped.get()) {
        throw e;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      ingester.close(); // sends what is buffered and waits for every answer
      if (stopped.get()) {
        commitWhatFinished();
      }
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

  /** Decodes a poll's records and hands their operations to the ingester. */
  private void start(ConsumerRecords<byte[], byte[]> records) {
    Batch batch = new Batch();
    for (ConsumerRecord<byte[], byte[]> record : records) {
      try {
        BulkOperation operation = operation(sources.get(record.topic()), record);
        if (operation == null) {
          batch.letters.add(deadLetter(record, "MissingValue", "record has no value"));
          continue;
        }
        batch.operations.add(operation);
        batch.records.add(record);
      } catch (AvroDecodingException | NullPointerException e) {
        batch.letters.add(deadLetter(record, DeadLetters.errorClass(e), DeadLetters.describe(e)));
      }
    }
    Map<TopicPartition, Long> positions = new HashMap<>();
    for (TopicPartition partition : records.partitions()) {
      positions.put(partition, consumer.position(partition));
    }
    batch.id = frontier.open(positions);
    for (int i = 0; i < batch.operations.size(); i++) {
      batch.todo.add(i);
    }
    inFlight.addLast(batch);
    send(batch);
  }

  /**
   * Sends what is buffered as soon as a request slot is free rather than at the flush interval:
   * under load the slot is taken and requests fill up to their limits; at a trickle each post goes
   * out without waiting. Never blocks, since a slot is free.
   */
  private void sendWhileASlotIsFree() {
    if (ingester.pendingOperations() > 0
        && ingester.pendingRequests() < settings.maxConcurrentRequests()) {
      ingester.flush();
    }
  }

  /** The record's operation, or null when it has no value. */
  private static <T> BulkOperation operation(
      IndexedTopic<T> source, ConsumerRecord<byte[], byte[]> record) {
    String key = new String(record.key(), StandardCharsets.UTF_8);
    T value =
        source.topic().valueSerde().deserializer().deserialize(record.topic(), record.value());
    return value == null ? null : source.operation().apply(key, value);
  }

  /**
   * Sends the batch's remaining operations as a new attempt; earlier attempts' answers are moot.
   */
  private void send(Batch batch) {
    BulkOutcome attempt = new BulkOutcome(batch.todo.size());
    batch.attempt = attempt;
    batch.attemptStarted = System.nanoTime();
    for (int position = 0; position < batch.todo.size(); position++) {
      ingester.add(batch.operations.get(batch.todo.get(position)), new Slot(attempt, position));
    }
  }

  /**
   * Looks at every batch in flight: sends the retries that are due, settles the attempts that were
   * answered (dead-lettering what Elasticsearch refused for good, scheduling what it may take
   * later), and marks finished the batches that have nothing left. Retries are not sent once the
   * ingester is closed ({@code mayResend} false): those batches stay uncommitted.
   */
  private void advance(boolean mayResend) throws InterruptedException {
    long now = System.nanoTime();
    boolean resent = false;
    for (Batch batch : inFlight) {
      if (batch.retryAt != 0) {
        if (mayResend && now - batch.retryAt >= 0) {
          batch.retryAt = 0;
          send(batch);
          resent = true;
        }
        continue;
      }
      if (batch.finished) {
        continue;
      }
      List<BulkOutcome.Failure> failures;
      if (batch.attempt.complete()) {
        failures = batch.attempt.failures();
      } else if (now - batch.attemptStarted > ANSWER_TIMEOUT.toNanos()) {
        // Treat silence as a failed request: everything unanswered is retried.
        failures = new ArrayList<>();
        for (int position = 0; position < batch.todo.size(); position++) {
          failures.add(
              new BulkOutcome.Failure(position, true, "Timeout", "no answer from Elasticsearch"));
        }
      } else {
        continue;
      }
      settle(batch, failures);
    }
    if (resent) {
      ingester.flush();
    }
    for (var it = inFlight.iterator(); it.hasNext(); ) {
      Batch batch = it.next();
      if (batch.finished) {
        awaitDeadLetters(batch.letters);
        frontier.finish(batch.id);
        it.remove();
      }
    }
  }

  private void settle(Batch batch, List<BulkOutcome.Failure> failures) {
    List<Integer> retry = new ArrayList<>();
    for (BulkOutcome.Failure failure : failures) {
      int operation = batch.todo.get(failure.index());
      if (failure.retriable()) {
        retry.add(operation);
      } else {
        batch.letters.add(
            deadLetter(batch.records.get(operation), failure.type(), failure.reason()));
      }
    }
    indexed.addAndGet(batch.todo.size() - failures.size());
    indexedMeter.increment(batch.todo.size() - failures.size());
    batch.todo = retry;
    if (retry.isEmpty()) {
      batch.finished = true;
      return;
    }
    retries.addAndGet(retry.size());
    retriedMeter.increment(retry.size());
    batch.backoff = settings.nextBackoff(batch.backoff);
    batch.retryAt = System.nanoTime() + Math.max(1, batch.backoff.toNanos());
    log.warn("{} documents not acknowledged, retrying in {}", retry.size(), batch.backoff);
  }

  /**
   * Pauses fetching while a batch waits to be retried (Elasticsearch refuses or is away: new work
   * would fail the same way) or while more operations are pending than the ingester can have in
   * flight; polling on, paused, keeps the group membership.
   */
  private void holdWhileBehind() {
    boolean hold = false;
    int pending = 0;
    for (Batch batch : inFlight) {
      hold |= batch.retryAt != 0;
      pending += batch.finished ? 0 : batch.todo.size();
    }
    if (hold || pending >= maxPendingOperations) {
      consumer.pause(consumer.assignment());
    } else if (!consumer.paused().isEmpty()) {
      consumer.resume(consumer.paused());
    }
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
    deadLetteredMeter.increment();
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
   * Commits the positions that every finished batch reached; once nothing is in flight, the
   * consumer's position on every partition where it moved. Committing positions rather than last
   * offset + 1 also steps over the transaction markers the exactly-once topologies write, so that a
   * caught-up indexer shows a lag of zero.
   */
  private void commitProgress() {
    Map<TopicPartition, Long> reached = frontier.takeCommittable();
    if (inFlight.isEmpty()) {
      for (TopicPartition partition : consumer.assignment()) {
        reached.put(partition, consumer.position(partition));
      }
    }
    Map<TopicPartition, OffsetAndMetadata> moved = new HashMap<>();
    reached.forEach(
        (partition, position) -> {
          if (!position.equals(committed.get(partition))) {
            moved.put(partition, new OffsetAndMetadata(position));
          }
        });
    if (!moved.isEmpty()) {
      consumer.commitSync(moved);
      moved.forEach((partition, offset) -> committed.put(partition, offset.offset()));
    }
  }

  /** On a clean stop, after the ingester had every answer: commit the batches that finished. */
  private void commitWhatFinished() {
    try {
      advance(false);
      commitProgress();
    } catch (RuntimeException | InterruptedException e) {
      log.warn("Could not commit the last finished batches; they will be indexed again", e);
    }
  }

  /** One poll's records, their operations, and where their indexing stands. */
  private static final class Batch {
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

  /** Where an operation's answer goes: its attempt, at its position in the attempt. */
  private record Slot(BulkOutcome attempt, int position) {}

  /**
   * Before partitions move to another instance, lets the batches in flight finish and commits them,
   * so that the new owner does not index them again; whatever is still unanswered after {@link
   * #REVOCATION_DRAIN} is left to the new owner (same ids, so no duplicates).
   */
  private final class HandOver implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      if (partitions.isEmpty()) {
        return;
      }
      long until = System.nanoTime() + REVOCATION_DRAIN.toNanos();
      try {
        ingester.flush();
        while (!inFlight.isEmpty() && System.nanoTime() < until) {
          advance(true);
          if (!inFlight.isEmpty()) {
            Thread.sleep(BUSY_POLL.toMillis());
          }
        }
        commitProgress();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        log.warn("Could not commit before handing partitions over: {}", e.toString());
      }
      forget(partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {}

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      forget(partitions);
    }

    private void forget(Collection<TopicPartition> partitions) {
      frontier.forget(partitions);
      partitions.forEach(committed::remove);
    }
  }

  private static Counter documents(MeterRegistry registry, String outcome) {
    return Counter.builder("vigie.indexer.documents")
        .description("Documents by what became of them: indexed, dead_lettered, superseded")
        .tag("outcome", outcome)
        .register(registry);
  }

  /** Bulk request time, from send to answer, by outcome: ok, item_errors, failed. */
  private void timeBulk(long executionId, String outcome) {
    Long started = bulkStarted.remove(executionId);
    if (started != null) {
      Timer.builder("vigie.indexer.bulk")
          .description("Bulk requests, from send to answer")
          .tag("outcome", outcome)
          .publishPercentileHistogram()
          .register(registry)
          .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }
  }

  /** Routes each item's answer to the attempt it belongs to. */
  private final class OutcomeListener implements BulkListener<Slot> {
    @Override
    public void beforeBulk(long executionId, BulkRequest request, List<Slot> contexts) {
      bulkStarted.put(executionId, System.nanoTime());
    }

    @Override
    public void afterBulk(
        long executionId, BulkRequest request, List<Slot> contexts, BulkResponse response) {
      timeBulk(executionId, response.errors() ? "item_errors" : "ok");
      List<BulkResponseItem> items = response.items();
      for (int i = 0; i < items.size(); i++) {
        BulkResponseItem item = items.get(i);
        Slot slot = contexts.get(i);
        if (item.error() == null) {
          slot.attempt().acknowledged(slot.position());
        } else if (BulkOutcome.superseded(item.status(), item.error().type())) {
          superseded.incrementAndGet(); // a newer alert version is already indexed
          supersededMeter.increment();
          slot.attempt().acknowledged(slot.position());
        } else {
          slot.attempt()
              .failed(
                  new BulkOutcome.Failure(
                      slot.position(),
                      BulkOutcome.retriable(item.status()),
                      item.error().type(),
                      item.error().reason()));
        }
      }
    }

    @Override
    public void afterBulk(
        long executionId, BulkRequest request, List<Slot> contexts, Throwable failure) {
      timeBulk(executionId, "failed");
      log.warn("Bulk request failed: {}", failure.toString());
      for (Slot slot : contexts) {
        slot.attempt()
            .failed(
                new BulkOutcome.Failure(
                    slot.position(),
                    true,
                    failure.getClass().getSimpleName(),
                    String.valueOf(failure.getMessage())));
      }
    }
  }
}
