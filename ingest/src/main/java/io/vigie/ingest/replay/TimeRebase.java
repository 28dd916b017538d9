package io.vigie.ingest.replay;

import io.vigie.schema.Post;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Moves a recorded stream to the present: the original span {@code [first, last]} becomes {@code
 * [end - span / speed, end]}, order and proportions kept, each post's original time kept in the
 * {@value #ORIGINAL_TIME_ATTRIBUTE} attribute. Replayed posts then behave like live ones: topic
 * retention, which Kafka measures against record timestamps, does not delete them at once; dated
 * indices and wall-clock logic see the present.
 */
public final class TimeRebase {

  public static final String ORIGINAL_TIME_ATTRIBUTE = "replay.original_created_at";

  private final Instant first;
  private final Instant end;
  private final double speed;
  private final Duration span;

  private TimeRebase(Instant first, Instant last, Instant end, double speed) {
    if (last.isBefore(first)) {
      throw new IllegalArgumentException("last " + last + " is before first " + first);
    }
    if (!(speed >= 1.0) || Double.isInfinite(speed)) {
      throw new IllegalArgumentException("speed must be a finite number >= 1, got " + speed);
    }
    this.first = first;
    this.end = end;
    this.speed = speed;
    this.span = Duration.between(first, last);
  }

  /**
   * Rebases {@code [first, last]} at its own pace by a whole number of days, to end as late as
   * possible but not after {@code limit}: every post keeps its time of day, so that detectors that
   * learn a daily cycle judge each hour as it was, whatever the hour of the replay.
   */
  public static TimeRebase byWholeDaysEndingBefore(Instant limit, Instant first, Instant last) {
    long days =
        Math.floorDiv(Duration.between(last, limit).toSeconds(), Duration.ofDays(1).toSeconds());
    return endingAt(last.plus(Duration.ofDays(days)), first, last, 1.0);
  }

  /** Rebases {@code [first, last]} to end at {@code end}, compressed {@code speed} times. */
  public static TimeRebase endingAt(Instant end, Instant first, Instant last, double speed) {
    return new TimeRebase(
        Objects.requireNonNull(first),
        Objects.requireNonNull(last),
        Objects.requireNonNull(end),
        speed);
  }

  /**
   * Rebases {@code [first, last]} to fit in the {@code window} that ends at {@code end} (no
   * stretching: speed >= 1).
   */
  public static TimeRebase fitting(Instant end, Instant first, Instant last, Duration window) {
    double spanMillis = Duration.between(first, last).toMillis();
    double speed = Math.max(1.0, spanMillis / Math.max(1, window.toMillis()));
    return endingAt(end, first, last, speed);
  }

  public double speed() {
    return speed;
  }

  /** The new time of an event that originally happened at {@code original}. */
  public Instant rebase(Instant original) {
    long fromFirst = Duration.between(first, original).toMillis();
    long compressedSpan = Math.round(span.toMillis() / speed);
    long compressedOffset = Math.round(fromFirst / speed);
    return end.minusMillis(compressedSpan - compressedOffset);
  }

  /** The post at its new time, its original time kept as an attribute. */
  public Post rebase(Post post) {
    Map<String, String> attributes = new HashMap<>(post.getAttributes());
    attributes.put(ORIGINAL_TIME_ATTRIBUTE, post.getCreatedAt().toString());
    return Post.newBuilder(post)
        .setCreatedAt(rebase(post.getCreatedAt()))
        .setAttributes(attributes)
        .build();
  }
}
