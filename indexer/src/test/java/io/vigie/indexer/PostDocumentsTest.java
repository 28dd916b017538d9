package io.vigie.indexer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigie.schema.Author;
import io.vigie.schema.EnrichedPost;
import io.vigie.schema.GeoPoint;
import io.vigie.schema.Post;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PostDocumentsTest {

  @Test
  void shouldWriteSnakeCaseDocumentWithIsoDatesAndGeoPoint() throws Exception {
    Post post =
        Post.newBuilder()
            .setSource("twitter")
            .setId("324711458440773632")
            .setAuthor(Author.newBuilder().setHandle("wacotrib").setFollowers(5000L).build())
            .setText("Explosion at fertilizer plant near Waco")
            .setCreatedAt(Instant.parse("2013-04-18T01:02:03Z"))
            .setIngestedAt(Instant.parse("2013-04-18T01:02:05Z"))
            .setGeo(GeoPoint.newBuilder().setLat(31.8).setLon(-97.1).build())
            .setAttributes(Map.of("crisislex.label", "on-topic"))
            .build();
    EnrichedPost enriched =
        EnrichedPost.newBuilder()
            .setPost(post)
            .setEnrichedAt(Instant.parse("2013-04-18T01:02:06Z"))
            .build();

    JsonNode doc =
        new ObjectMapper().readTree(PostDocuments.toJson("twitter:324711458440773632", enriched));

    assertThat(doc.get("post_key").asText()).isEqualTo("twitter:324711458440773632");
    assertThat(doc.get("created_at").asText()).isEqualTo("2013-04-18T01:02:03Z");
    assertThat(doc.at("/author/handle").asText()).isEqualTo("wacotrib");
    assertThat(doc.at("/author/followers").asLong()).isEqualTo(5000L);
    assertThat(doc.at("/geo/lat").asDouble()).isEqualTo(31.8);
    assertThat(doc.at("/attributes/crisislex.label").asText()).isEqualTo("on-topic");
    assertThat(doc.has("sentiment")).as("unscored sentiment is left out").isFalse();
    assertThat(doc.has("tokens")).isFalse();
  }

  @Test
  void shouldNameIndexAfterTheMonthOfTheEventTime() {
    IndexNames names = new IndexNames("vigie-");
    assertThat(names.posts(Instant.parse("2013-04-30T23:59:59Z"))).isEqualTo("vigie-posts-2013.04");
    assertThat(names.posts(Instant.parse("2013-05-01T00:00:00Z"))).isEqualTo("vigie-posts-2013.05");
    assertThat(names.postsPattern()).isEqualTo("vigie-posts-*");
  }
}
