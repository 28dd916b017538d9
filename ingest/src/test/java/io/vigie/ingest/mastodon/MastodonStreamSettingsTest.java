package io.vigie.ingest.mastodon;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MastodonStreamSettingsTest {

  private static MastodonStream.Settings settings(String timeline, String tag) {
    return new MastodonStream.Settings(
        URI.create("https://streaming.example.social/"),
        URI.create("https://example.social"),
        timeline,
        Optional.ofNullable(tag),
        Optional.empty(),
        Duration.ofSeconds(1),
        Duration.ofMinutes(1),
        10);
  }

  @Test
  void catchesUpThroughTheRestTimelineMatchingTheStream() {
    assertThat(settings("public", null).backfillUrl("7"))
        .contains(URI.create("https://example.social/api/v1/timelines/public?limit=40&min_id=7"));
    assertThat(settings("public/local", null).backfillUrl("7"))
        .contains(
            URI.create(
                "https://example.social/api/v1/timelines/public?limit=40&min_id=7&local=true"));
    assertThat(settings("hashtag/local", "crue de la seine").backfillUrl("7"))
        .contains(
            URI.create(
                "https://example.social/api/v1/timelines/tag/crue%20de%20la%20seine?limit=40&min_id=7&local=true"));
    assertThat(settings("hashtag", "inondation").url())
        .isEqualTo(
            URI.create("https://streaming.example.social/api/v1/streaming/hashtag?tag=inondation"));
  }

  @Test
  void ordersStatusIdsAsNumbersOfAnyLength() {
    assertThat(MastodonStream.compareIds("99", "100")).isNegative();
    assertThat(MastodonStream.compareIds("113000000000000001", "113000000000000000")).isPositive();
    assertThat(MastodonStream.compareIds("5", "5")).isZero();
  }
}
