package io.vigie.indexer;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Names indices from a document's event time, one per month: a replay of the same record lands in
 * the same index under the same id, which rollover-style names would not give.
 */
public record IndexNames(String prefix) {

  private static final DateTimeFormatter MONTH =
      DateTimeFormatter.ofPattern("yyyy.MM").withZone(ZoneOffset.UTC);

  /** {@code <prefix>posts-yyyy.MM} for a post published at {@code eventTime}. */
  public String posts(Instant eventTime) {
    return prefix + "posts-" + MONTH.format(eventTime);
  }

  /** {@code <prefix>signals-yyyy.MM} for a signal whose window starts at {@code windowStart}. */
  public String signals(Instant windowStart) {
    return prefix + "signals-" + MONTH.format(windowStart);
  }

  /** {@code <prefix>alerts-yyyy.MM} for an incident whose first post was at {@code firstSeen}. */
  public String alerts(Instant firstSeen) {
    return prefix + "alerts-" + MONTH.format(firstSeen);
  }

  /** {@code <prefix>alert-actions-yyyy.MM} for an action taken at {@code actedAt}. */
  public String alertActions(Instant actedAt) {
    return prefix + "alert-actions-" + MONTH.format(actedAt);
  }

  /** The pattern matching every posts index, for templates and searches. */
  public String postsPattern() {
    return prefix + "posts-*";
  }
}
