package io.vigie.schema.validation;

import io.vigie.schema.GeoPoint;
import io.vigie.schema.Post;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Decides whether a raw post can enter the pipeline, and if not, says why in words that end up in
 * the dead letter. Pure apart from the clock, which tests fix.
 */
public final class PostValidator {

  /** Limits a post must respect. */
  public record Limits(
      int maxTextChars,
      int maxIdChars,
      Duration maxFutureSkew,
      Instant oldest,
      Optional<Duration> maxAge) {

    /**
     * Defaults: 100,000 characters of text (Bluesky allows 300 graphemes, Mastodon 500 by default,
     * long-form feeds far more); posts at most one hour ahead of the clock (the broker's own
     * default limit for record timestamps) and not before 2000.
     */
    public static Limits defaults() {
      return new Limits(
          100_000,
          256,
          Duration.ofHours(1),
          Instant.parse("2000-01-01T00:00:00Z"),
          Optional.empty());
    }

    /**
     * The same limits refusing posts older than {@code age}: what a time-retained topic would
     * delete as soon as it rolls a segment (Kafka measures retention against record timestamps).
     */
    public Limits withMaxAge(Duration age) {
      return new Limits(maxTextChars, maxIdChars, maxFutureSkew, oldest, Optional.of(age));
    }
  }

  private final Clock clock;
  private final Limits limits;

  public PostValidator(Clock clock, Limits limits) {
    this.clock = clock;
    this.limits = limits;
  }

  /** The first problem found with {@code post}, or empty when it is valid. */
  public Optional<String> problem(Post post) {
    if (post == null) {
      return Optional.of("record has no value");
    }
    if (blank(post.getSource())) {
      return Optional.of("source is empty");
    }
    if (blank(post.getId())) {
      return Optional.of("id is empty");
    }
    if (post.getSource().length() > limits.maxIdChars()
        || post.getId().length() > limits.maxIdChars()) {
      return Optional.of("source or id longer than " + limits.maxIdChars() + " characters");
    }
    if (blank(post.getText()) && post.getRepostOfId() == null) {
      return Optional.of("text is empty and the post is not a repost");
    }
    if (post.getText() != null && post.getText().length() > limits.maxTextChars()) {
      return Optional.of(
          "text has "
              + post.getText().length()
              + " characters, more than "
              + limits.maxTextChars());
    }
    Instant created = post.getCreatedAt();
    Instant latest = clock.instant().plus(limits.maxFutureSkew());
    if (created.isAfter(latest)) {
      return Optional.of(
          "created_at " + created + " is more than " + limits.maxFutureSkew() + " in the future");
    }
    if (limits.maxAge().isPresent()
        && created.isBefore(clock.instant().minus(limits.maxAge().get()))) {
      return Optional.of(
          "created_at "
              + created
              + " is older than the topic retention ("
              + limits.maxAge().get()
              + "); replay history with rebased time, or raise topics.retention-hours");
    }
    if (created.isBefore(limits.oldest())) {
      return Optional.of("created_at " + created + " is before " + limits.oldest());
    }
    GeoPoint geo = post.getGeo();
    if (geo != null
        && (Math.abs(geo.getLat()) > 90
            || Math.abs(geo.getLon()) > 180
            || Double.isNaN(geo.getLat())
            || Double.isNaN(geo.getLon()))) {
      return Optional.of("geo point out of range: " + geo.getLat() + "," + geo.getLon());
    }
    return Optional.empty();
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
