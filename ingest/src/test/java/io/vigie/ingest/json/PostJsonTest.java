package io.vigie.ingest.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigie.schema.Post;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PostJsonTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

  private static Post parse(String json) throws Exception {
    return PostJson.parse(JSON.readTree(json), NOW, "webhook");
  }

  @Test
  void shouldReadEveryDocumentedField() throws Exception {
    Post post =
        parse(
            "{\"source\":\"mastodon\",\"id\":109,\"text\":\"Rappel conso : lot contaminé\",\"created_at\":\"2026-11-22T09:59:00Z\","
                + "\"author\":{\"id\":\"7\",\"handle\":\"dgccrf@social.gouv.fr\",\"display_name\":\"DGCCRF\",\"followers\":12000,\"created_at\":1600000000000},"
                + "\"lang\":\"fr\",\"url\":\"https://social.gouv.fr/@dgccrf/109\",\"reply_to_id\":null,\"repost_of_id\":\"108\","
                + "\"geo\":{\"lat\":48.85,\"lon\":2.35},\"engagement\":{\"likes\":3,\"reposts\":40},\"attributes\":{\"campaign\":\"rappel\",\"rank\":2}}");

    assertThat(post.getId()).isEqualTo("109");
    assertThat(post.getAuthor().getHandle()).isEqualTo("dgccrf@social.gouv.fr");
    assertThat(post.getAuthor().getCreatedAt()).isEqualTo(Instant.ofEpochMilli(1600000000000L));
    assertThat(post.getGeo().getLon()).isEqualTo(2.35);
    assertThat(post.getEngagement().getReposts()).isEqualTo(40L);
    assertThat(post.getEngagement().getQuotes()).isNull();
    assertThat(post.getAttributes()).containsEntry("rank", "2");
    assertThat(post.getIngestedAt()).isEqualTo(NOW);
  }

  @Test
  void shouldUseDefaultSourceWhenMissing() throws Exception {
    assertThat(
            parse("{\"id\":\"1\",\"text\":\"x\",\"created_at\":\"2026-11-22T09:59:00Z\"}")
                .getSource())
        .isEqualTo("webhook");
  }

  @Test
  void shouldNameTheFieldThatIsWrong() {
    assertThatThrownBy(() -> parse("{\"id\":\"1\",\"text\":\"x\"}"))
        .isInstanceOf(InvalidPostException.class)
        .hasMessage("created_at: required");
    assertThatThrownBy(() -> parse("{\"id\":\"1\",\"text\":\"x\",\"created_at\":\"yesterday\"}"))
        .hasMessageStartingWith("created_at: not an ISO-8601 instant");
    assertThatThrownBy(
            () ->
                parse(
                    "{\"id\":\"1\",\"text\":\"x\",\"created_at\":0,\"author\":{\"followers\":-1}}"))
        .hasMessageContaining("author.followers");
    assertThatThrownBy(
            () -> parse("{\"id\":\"1\",\"text\":\"x\",\"created_at\":0,\"txet\":\"typo\"}"))
        .hasMessageStartingWith("txet: unknown field");
    assertThatThrownBy(() -> parse("{\"id\":\"1\",\"text\":42,\"created_at\":0}"))
        .hasMessage("text: must be a string");
    assertThatThrownBy(() -> parse("[1,2]")).hasMessage("a post must be a JSON object");
  }
}
