package io.vigie.streams.detect;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the detectors currently know of one subject, for people and dashboards: per horizon, the
 * baseline's expectation for the bucket now filling against what it holds so far, whether an
 * episode is open, and the terms of the posts gathered (those of the bucket filling, or of the
 * whole episode while one is open). Read from a stored {@link SubjectState}; changes nothing.
 *
 * @param posts posts observed in the subject's life
 * @param lastSeen event time of the latest post, or {@code null} before the first
 */
public record SubjectView(
    String subject,
    SubjectState.Kind kind,
    long posts,
    Instant lastSeen,
    boolean inEpisode,
    List<Horizon> horizons) {

  /**
   * A term and how many of the gathered posts carry it (an upper bound once many terms compete).
   */
  public record TermCount(String term, long posts) {}

  /**
   * One horizon's baseline.
   *
   * @param bucketStart start of the oldest bucket still filling, or {@code null} before any post
   * @param observed posts counted so far in that bucket (coordinated copies count once)
   * @param expected posts the baseline expects in a whole bucket at that hour of the day
   * @param bucketsLearned buckets the baseline has learned from
   * @param episodeStart start of the open episode, or {@code null}
   * @param gatheredPosts posts the top terms come from
   */
  public record Horizon(
      long widthSeconds,
      Instant bucketStart,
      long observed,
      double expected,
      long bucketsLearned,
      Instant episodeStart,
      long gatheredPosts,
      List<TermCount> topTerms) {}

  static final int TOP_TERMS = 10;

  /** The view of {@code state}. */
  public static SubjectView of(SubjectState state) {
    List<Horizon> horizons = new ArrayList<>(state.horizons.size());
    for (VolumeHorizon horizon : state.horizons) {
      horizons.add(horizon.view(TOP_TERMS));
    }
    return new SubjectView(
        state.subject,
        state.kind,
        state.posts,
        state.lastSeen == Long.MIN_VALUE ? null : Instant.ofEpochMilli(state.lastSeen),
        state.inEpisode(),
        List.copyOf(horizons));
  }
}
