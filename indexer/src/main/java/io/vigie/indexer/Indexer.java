package io.vigie.indexer;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._helpers.bulk.BulkIngester;
import io.micrometer.core.instrument.MeterRegistry;
import io.vigie.schema.DeadLetter;
import io.vigie.schema.Topic;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
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
  private static final Duration IDLE_POLL = Duration.ofMillis(500);

  /** Short enough to notice answers and due retries promptly while batches are in flight. */
  private static final Duration BUSY_POLL = Duration.ofMillis(10);

  /** How long a revocation waits for the batches in flight before handing partitions over. */
  private static final Duration REVOCATION_DRAIN = Duration.ofSeconds(30);

  private final IndexerSettings settings;
  private final Map<String, IndexedTopic<?>> sources = new LinkedHashMap<>();
  private final Consumer<byte[], byte[]> consumer;
  private final Producer<String, DeadLetter> deadLetterProducer;
  private final BulkIngester<AnswerSlot> ingester;
  private final AtomicBoolean stopped = new AtomicBoolean();
  private final IndexerMetrics metrics;
  private final BatchDecoder decoder;
  private final InFlightBatches inFlight;
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
    this.metrics = new IndexerMetrics(registry);
    this.settings = settings;
    sources.forEach(source -> this.sources.put(source.topic().name(), source));
    this.consumer = consumer;
    this.deadLetterProducer = deadLetterProducer;
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
                    .listener(new BulkAnswerListener(metrics)));
    DeadLetterer deadLetterer =
        new DeadLetterer(this.sources, deadLetters, deadLetterProducer, metrics, clock);
    this.decoder = new BatchDecoder(this.sources, deadLetterer);
    this.inFlight = new InFlightBatches(settings, ingester, frontier, deadLetterer, metrics);
  }

  /** Documents acknowledged by Elasticsearch since start. */
  public long indexed() {
    return metrics.indexed();
  }

  /** Records sent to the dead-letter topic since start. */
  public long deadLettered() {
    return metrics.deadLettered();
  }

  /** Alert versions Elasticsearch already had a newer version of, since start. */
  public long superseded() {
    return metrics.superseded();
  }

  /** Operations retried since start. */
  public long retries() {
    return metrics.retries();
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
        inFlight.advance(true);
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
    Batch batch = decoder.decode(records);
    Map<TopicPartition, Long> positions = new HashMap<>();
    for (TopicPartition partition : records.partitions()) {
      positions.put(partition, consumer.position(partition));
    }
    batch.id = frontier.open(positions);
    inFlight.start(batch);
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

  /**
   * Pauses fetching while a batch waits to be retried (Elasticsearch refuses or is away: new work
   * would fail the same way) or while more operations are pending than the ingester can have in
   * flight; polling on, paused, keeps the group membership.
   */
  private void holdWhileBehind() {
    if (inFlight.behind(maxPendingOperations)) {
      consumer.pause(consumer.assignment());
    } else if (!consumer.paused().isEmpty()) {
      consumer.resume(consumer.paused());
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
      inFlight.advance(false);
      commitProgress();
    } catch (RuntimeException | InterruptedException e) {
      log.warn("Could not commit the last finished batches; they will be indexed again", e);
    }
  }

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
          inFlight.advance(true);
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
}
