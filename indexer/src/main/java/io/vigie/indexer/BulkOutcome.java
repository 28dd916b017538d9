package io.vigie.indexer;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/**
 * What Elasticsearch answered for each operation of one attempt at a batch: acknowledged, worth
 * retrying (429, 5xx, the request failed as a whole), or refused for good (mapping errors and other
 * 4xx). Filled in by the bulk listener on the client's threads, read by the indexer thread once
 * complete.
 */
final class BulkOutcome {

  /** An operation that was not acknowledged, with Elasticsearch's reason. */
  record Failure(int index, boolean retriable, String type, String reason) {}

  private final CountDownLatch pending;
  private final Map<Integer, Failure> failures = new ConcurrentHashMap<>();

  BulkOutcome(int operations) {
    this.pending = new CountDownLatch(operations);
  }

  void acknowledged(int index) {
    pending.countDown();
  }

  void failed(Failure failure) {
    failures.put(failure.index(), failure);
    pending.countDown();
  }

  /** Whether every operation of the attempt has its answer. */
  boolean complete() {
    return pending.getCount() == 0;
  }

  List<Failure> failures() {
    return List.copyOf(failures.values());
  }

  /** Whether an HTTP status is worth retrying: throttling and server-side trouble. */
  static boolean retriable(int status) {
    return status == 429 || status >= 500;
  }

  /**
   * Whether Elasticsearch refused an externally versioned write because it holds the same or a
   * newer version: the document is already as new as this operation would make it.
   */
  static boolean superseded(int status, String errorType) {
    return status == 409 && "version_conflict_engine_exception".equals(errorType);
  }
}
