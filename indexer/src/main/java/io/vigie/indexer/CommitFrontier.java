package io.vigie.indexer;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Which consumer positions the indexer may commit while several poll batches are in flight at once.
 *
 * <p>Batches are opened in poll order, each with the position the consumer had reached on every
 * partition the batch read from. They may finish in any order (a retried batch finishes after the
 * ones behind it), but a position is only committable once its batch and every batch polled before
 * it finished: committing a later batch's position first would step over the earlier batch's
 * records, and a crash then would lose them. Not thread-safe: the indexer's poll thread owns it.
 */
final class CommitFrontier {

  private static final class Opened {
    final long id;
    final Map<TopicPartition, Long> positions;
    boolean finished;

    Opened(long id, Map<TopicPartition, Long> positions) {
      this.id = id;
      this.positions = new HashMap<>(positions);
    }
  }

  private final Deque<Opened> open = new ArrayDeque<>();
  private long nextId;

  /** Opens a batch whose records end at these positions; returns its id for {@link #finish}. */
  long open(Map<TopicPartition, Long> positions) {
    Opened batch = new Opened(nextId++, positions);
    open.addLast(batch);
    return batch.id;
  }

  /** Marks a batch finished: every record in it was acknowledged or dead-lettered. */
  void finish(long id) {
    for (Opened batch : open) {
      if (batch.id == id) {
        batch.finished = true;
        return;
      }
    }
    throw new IllegalArgumentException("no open batch " + id);
  }

  /**
   * Removes the finished batches at the head and returns the furthest position each of their
   * partitions reached; empty when the oldest batch is still in flight.
   */
  Map<TopicPartition, Long> takeCommittable() {
    Map<TopicPartition, Long> committable = new HashMap<>();
    while (!open.isEmpty() && open.peekFirst().finished) {
      committable.putAll(open.removeFirst().positions); // later batches reach further
    }
    return committable;
  }

  /**
   * Forgets the positions of partitions this consumer no longer owns: their new owner starts from
   * the last commit, and a late commit from here would overwrite its progress.
   */
  void forget(Collection<TopicPartition> revoked) {
    open.forEach(batch -> batch.positions.keySet().removeAll(revoked));
  }

  /** Batches opened and not yet taken. */
  int size() {
    return open.size();
  }

  boolean isEmpty() {
    return open.isEmpty();
  }
}
