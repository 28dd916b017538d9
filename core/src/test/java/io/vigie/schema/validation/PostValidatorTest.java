package io.vigie.schema.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.schema.GeoPoint;
import io.vigie.schema.Post;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class PostValidatorTest {

  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  private final PostValidator validator =
      new PostValidator(Clock.fixed(NOW, ZoneOffset.UTC), PostValidator.Limits.defaults());

  @Test
  void shouldAcceptOrdinaryPost() {
    assertThat(validator.problem(post("Inondation à Nîmes, évacuation en cours", NOW))).isEmpty();
  }

  @Test
  void shouldAcceptPostUpToOneHourAhead() {
    assertThat(validator.problem(post("clock skew", NOW.plusSeconds(3599)))).isEmpty();
  }

  @Test
  void shouldRefusePostMoreThanOneHourAhead() {
    assertThat(validator.problem(post("far future", NOW.plusSeconds(3601))))
        .get()
        .asString()
        .contains("future");
  }

  @Test
  void shouldRefusePostFromBefore2000() {
    assertThat(validator.problem(post("far past", Instant.parse("1999-12-31T23:59:59Z"))))
        .get()
        .asString()
        .contains("before");
  }

  @Test
  void shouldRefusePostOlderThanRetentionWhenAMaximumAgeIsSet() {
    PostValidator retained =
        new PostValidator(
            Clock.fixed(NOW, ZoneOffset.UTC),
            PostValidator.Limits.defaults().withMaxAge(Duration.ofDays(7)));

    assertThat(retained.problem(post("last week", NOW.minus(Duration.ofDays(6))))).isEmpty();
    assertThat(retained.problem(post("2013", Instant.parse("2013-04-15T18:50:00Z"))))
        .get()
        .asString()
        .contains("older than the topic retention");
  }

  @Test
  void shouldRefuseEmptyTextUnlessRepost() {
    assertThat(validator.problem(post("  ", NOW))).get().asString().contains("text is empty");
    Post repost = Post.newBuilder(post("", NOW)).setRepostOfId("42").build();
    assertThat(validator.problem(repost)).isEmpty();
  }

  @Test
  void shouldRefuseOversizedText() {
    assertThat(validator.problem(post("x".repeat(100_001), NOW)))
        .get()
        .asString()
        .contains("100001 characters");
  }

  @Test
  void shouldRefuseGeoPointOutOfRange() {
    Post post =
        Post.newBuilder(post("here", NOW))
            .setGeo(GeoPoint.newBuilder().setLat(91).setLon(0).build())
            .build();
    assertThat(validator.problem(post)).get().asString().contains("geo");
  }

  @Test
  void shouldRefuseMissingValue() {
    assertThat(validator.problem(null)).get().asString().contains("no value");
  }

  private static Post post(String text, Instant created) {
    return Post.newBuilder()
        .setSource("mastodon")
        .setId("109")
        .setText(text)
        .setCreatedAt(created)
        .setIngestedAt(NOW)
        .build();
  }
}
