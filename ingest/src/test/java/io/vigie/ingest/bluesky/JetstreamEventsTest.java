package io.vigie.ingest.bluesky;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigie.ingest.json.InvalidPostException;
import io.vigie.schema.Post;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Events shaped as Jetstream sends them (https://github.com/bluesky-social/jetstream, "Example
 * events").
 */
class JetstreamEventsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2024-09-09T19:46:03Z");

  static final String CREATE =
      "{\"did\":\"did:plc:eygmaihciaxprqvxpfvl6flk\",\"time_us\":1725911162329308,\"kind\":\"commit\",\"commit\":{\"rev\":\"3l3qo2vutsw2b\",\"operation\":\"create\","
          + "\"collection\":\"app.bsky.feed.post\",\"rkey\":\"3l3qo2vuowo2b\",\"record\":{\"$type\":\"app.bsky.feed.post\",\"createdAt\":\"2024-09-09T19:46:02.102Z\","
          + "\"langs\":[\"en\"],\"reply\":{\"parent\":{\"cid\":\"bafyreiab\",\"uri\":\"at://did:plc:wa7b35aakoll7hugkrjtf3xf/app.bsky.feed.post/3l3pte3p2e325\"},"
          + "\"root\":{\"cid\":\"bafyreiab\",\"uri\":\"at://did:plc:wa7b35aakoll7hugkrjtf3xf/app.bsky.feed.post/3l3pte3p2e325\"}},\"text\":\"Flooding on the river road, avoid it\"},"
          + "\"cid\":\"bafyreidwaivazkwu67xztlmuobx35hs2lnfh3kolmgfmucldvhd3sgzcqi\"}}";

  @Test
  void shouldMapCreatedFeedPost() throws Exception {
    Post post = JetstreamEvents.toPost(JSON.readTree(CREATE), NOW).orElseThrow();

    assertThat(post.getSource()).isEqualTo("bluesky");
    assertThat(post.getId()).isEqualTo("did:plc:eygmaihciaxprqvxpfvl6flk/3l3qo2vuowo2b");
    assertThat(post.getText()).isEqualTo("Flooding on the river road, avoid it");
    assertThat(post.getCreatedAt()).isEqualTo(Instant.parse("2024-09-09T19:46:02.102Z"));
    assertThat(post.getLangHint()).isEqualTo("en");
    assertThat(post.getReplyToId()).isEqualTo("did:plc:wa7b35aakoll7hugkrjtf3xf/3l3pte3p2e325");
    assertThat(post.getUrl())
        .isEqualTo("https://bsky.app/profile/did:plc:eygmaihciaxprqvxpfvl6flk/post/3l3qo2vuowo2b");
    assertThat(JetstreamEvents.cursor(JSON.readTree(CREATE))).contains(1725911162329308L);
  }

  @Test
  void shouldIgnoreEventsThatAreNotNewPosts() throws Exception {
    String identity =
        "{\"did\":\"did:plc:ufbl4k27gp6kzas5glhz7fim\",\"time_us\":1725516665234703,\"kind\":\"identity\",\"identity\":{\"did\":\"did:plc:ufbl4k27gp6kzas5glhz7fim\",\"handle\":\"yohenrique.bsky.social\",\"seq\":1409752997,\"time\":\"2024-09-05T06:11:04.870Z\"}}";
    String delete =
        "{\"did\":\"did:plc:x\",\"time_us\":1,\"kind\":\"commit\",\"commit\":{\"operation\":\"delete\",\"collection\":\"app.bsky.feed.post\",\"rkey\":\"abc\"}}";
    String like =
        "{\"did\":\"did:plc:x\",\"time_us\":2,\"kind\":\"commit\",\"commit\":{\"operation\":\"create\",\"collection\":\"app.bsky.feed.like\",\"rkey\":\"abc\",\"record\":{}}}";

    assertThat(JetstreamEvents.toPost(JSON.readTree(identity), NOW)).isEmpty();
    assertThat(JetstreamEvents.toPost(JSON.readTree(delete), NOW)).isEmpty();
    assertThat(JetstreamEvents.toPost(JSON.readTree(like), NOW)).isEmpty();
  }

  @Test
  void shouldRefusePostWithUnreadableCreatedAt() {
    String odd = CREATE.replace("2024-09-09T19:46:02.102Z", "yesterday");
    assertThatThrownBy(() -> JetstreamEvents.toPost(JSON.readTree(odd), NOW))
        .isInstanceOf(InvalidPostException.class)
        .hasMessageContaining("createdAt");
  }
}
