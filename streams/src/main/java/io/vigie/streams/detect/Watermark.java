package io.vigie.streams.detect;

import java.time.Duration;

/**
 * Event time as the detectors see it: how far the stream has got, so that windows can close.
 *
 * <p>A post at most {@code tolerance} past the watermark moves it there at once. A post further
 * ahead is a jump, taken only when a second post confirms it (lands within the tolerance of the
 * first): then the watermark moves to the earlier of the two. So one post with a far-future
 * timestamp (a wrong clock, a forged date) cannot close every window, while a real gap in a sparse
 * stream (a quiet night) costs one post's wait. When input goes silent, {@link #idle} lets
 * wall-clock time push the watermark on, so that an episode still resolves after the last post. Not
 * thread-safe: one per stream task.
 */
public final class Watermark {

  private final long tolerance;
  private long current = Long.MIN_VALUE;
  private long pendingJump = Long.MIN_VALUE;

  public Watermark(Duration tolerance) {
    this.tolerance = tolerance.toMillis();
  }

  /** Takes one post's event time into account; returns the watermark after it. */
  public long observe(long eventTime) {
    if (current == Long.MIN_VALUE || eventTime <= current + tolerance) {
      current = Math.max(current, eventTime);
    } else if (pendingJump != Long.MIN_VALUE && Math.abs(eventTime - pendingJump) <= tolerance) {
      current = Math.min(eventTime, pendingJump);
      pendingJump = Long.MIN_VALUE;
    } else {
      pendingJump = eventTime;
    }
    return current;
  }

  /**
   * Moves the watermark forward by time that passed without input (never backwards): the stream is
   * known to have reached at least {@code eventTime}.
   */
  public long idle(long eventTime) {
    current = Math.max(current, eventTime);
    return current;
  }

  public long current() {
    return current;
  }

  /** Whether any time was seen yet. */
  public boolean started() {
    return current != Long.MIN_VALUE;
  }
}
