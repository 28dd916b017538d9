package io.vigie.indexer;

import co.elastic.clients.elasticsearch._helpers.bulk.BulkIngester;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The batches handed to the ingester and not finished yet, oldest first: sends their operations,
 * settles each attempt once answered (or silent for too long), schedules retries with backoff, and
 * tells the {@link CommitFrontier} which batches finished.
 */
final class InFlightBatches {

  /** The indexer's logger, so that its log lines keep the name operators know them by. */
  private static final Logger log = LoggerFactory.getLogger(Indexer.class);

  private static final Duration ANSWER_TIMEOUT = Duration.ofMinutes(2);

  private final Deque<Batch> inFlight = new ArrayDeque<>();
  private final IndexerSettings settings;
  private final BulkIngester<AnswerSlot> ingester;
  private final CommitFrontier frontier;
  private final DeadLetterer deadLetterer;
  private final IndexerMetrics metrics;

  InFlightBatches(
      IndexerSettings settings,
      BulkIngester<AnswerSlot> ingester,
      CommitFrontier frontier,
      DeadLetterer deadLetterer,
      IndexerMetrics metrics) {
    this.settings = settings;
    this.ingester = ingester;
    this.frontier = frontier;
    this.deadLetterer = deadLetterer;
    this.metrics = metrics;
  }

  boolean isEmpty() {
    return inFlight.isEmpty();
  }

  /** Takes a decoded batch, opened on the frontier, and sends all its operations. */
  void start(Batch batch) {
    for (int i = 0; i < batch.operations.size(); i++) {
      batch.todo.add(i);
    }
    inFlight.addLast(batch);
    send(batch);
  }

  /**
   * Whether fetching should pause: a batch waits to be retried, or at least {@code
   * maxPendingOperations} operations are not acknowledged yet.
   */
  boolean behind(int maxPendingOperations) {
    boolean hold = false;
    int pending = 0;
    for (Batch batch : inFlight) {
      hold |= batch.retryAt != 0;
      pending += batch.finished ? 0 : batch.todo.size();
    }
    return hold || pending >= maxPendingOperations;
  }

  /**
   * Sends the batch's remaining operations as a new attempt; earlier attempts' answers are moot.
   */
  private void send(Batch batch) {
    BulkOutcome attempt = new BulkOutcome(batch.todo.size());
    batch.attempt = attempt;
    batch.attemptStarted = System.nanoTime();
    for (int position = 0; position < batch.todo.size(); position++) {
      ingester.add(
          batch.operations.get(batch.todo.get(position)), new AnswerSlot(attempt, position));
    }
  }

  /**
   * Looks at every batch in flight: sends the retries that are due, settles the attempts that were
   * answered (dead-lettering what Elasticsearch refused for good, scheduling what it may take
   * later), and marks finished the batches that have nothing left. Retries are not sent once the
   * ingester is closed ({@code mayResend} false): those batches stay uncommitted.
   */
  void advance(boolean mayResend) throws InterruptedException {
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
        DeadLetterer.await(batch.letters);
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
            deadLetterer.send(batch.records.get(operation), failure.type(), failure.reason()));
      }
    }
    metrics.countIndexed(batch.todo.size() - failures.size());
    batch.todo = retry;
    if (retry.isEmpty()) {
      batch.finished = true;
      return;
    }
    metrics.countRetried(retry.size());
    batch.backoff = settings.nextBackoff(batch.backoff);
    batch.retryAt = System.nanoTime() + Math.max(1, batch.backoff.toNanos());
    log.warn("{} documents not acknowledged, retrying in {}", retry.size(), batch.backoff);
  }
}
