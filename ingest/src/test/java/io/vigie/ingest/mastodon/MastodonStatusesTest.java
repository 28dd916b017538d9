package io.vigie.ingest.mastodon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigie.ingest.json.InvalidPostException;
import io.vigie.schema.Post;
import java.io.InputStream;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Fixture in the shape of https://docs.joinmastodon.org/entities/Status/ (a status as servers send
 * it).
 */
class MastodonStatusesTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2024-11-22T09:41:16Z");

  private static ObjectNode status() throws Exception {
    try (InputStream in = MastodonStatusesTest.class.getResourceAsStream("status.json")) {
      return (ObjectNode) JSON.readTree(in);
    }
  }

  @Test
  void shouldMapStatusWithServerScopedIdsAndPlainText() throws Exception {
    Post post = MastodonStatuses.toPost(status(), "piaille.fr", NOW);

    assertThat(post.getSource()).isEqualTo("mastodon");
    assertThat(post.getId()).isEqualTo("piaille.fr/113526497411046473");
    assertThat(post.getText())
        .isEqualTo(
            "Alerte orange #inondation sur le Rhône : évitez les quais.\n\nMise à jour à 11h\nRestez prudents & suivez @prefet69");
    assertThat(post.getCreatedAt()).isEqualTo(Instant.parse("2024-11-22T09:41:15Z"));
    assertThat(post.getLangHint()).isEqualTo("fr");
    assertThat(post.getAuthor().getHandle()).isEqualTo("meteo_lyon@piaille.fr");
    assertThat(post.getAuthor().getFollowers()).isEqualTo(5230L);
    assertThat(post.getEngagement().getReposts()).isEqualTo(14L);
    assertThat(post.getUrl()).isEqualTo("https://piaille.fr/@meteo_lyon/113526497411046473");
  }

  @Test
  void shouldMapBoostAsRepostCarryingTheBoostedText() throws Exception {
    ObjectNode boost = JSON.createObjectNode();
    boost
        .put("id", "113526500000000000")
        .put("created_at", "2024-11-22T09:45:00.000Z")
        .put("content", "")
        .putNull("url");
    boost.set("reblog", status());
    boost
        .putObject("account")
        .put("id", "7")
        .put("acct", "anne@mastodon.social")
        .put("followers_count", 40);

    Post post = MastodonStatuses.toPost(boost, "piaille.fr", NOW);

    assertThat(post.getRepostOfId()).isEqualTo("piaille.fr/113526497411046473");
    assertThat(post.getText()).startsWith("Alerte orange #inondation");
    assertThat(post.getAuthor().getHandle()).isEqualTo("anne@mastodon.social");
  }

  @Test
  void shouldRefuseStatusWithoutId() throws Exception {
    ObjectNode broken = status();
    broken.remove("id");
    assertThatThrownBy(() -> MastodonStatuses.toPost(broken, "piaille.fr", NOW))
        .isInstanceOf(InvalidPostException.class)
        .hasMessageContaining("id");
  }
}
