package io.vigie.ingest.mastodon;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigie.ingest.json.InvalidPostException;
import io.vigie.schema.Author;
import io.vigie.schema.Engagement;
import io.vigie.schema.Post;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

/**
 * Maps a Mastodon {@code Status} entity (https://docs.joinmastodon.org/entities/Status/) to a post.
 * Status ids are unique per server, so the post id is {@code <server>/<status id>}; local accounts'
 * handles get {@code @<server>} so that every handle is global. A boost (reblog) becomes a repost
 * of the boosted status, carrying its text. The HTML content becomes plain text, paragraphs and
 * line breaks kept.
 */
public final class MastodonStatuses {

  public static final String SOURCE = "mastodon";

  private MastodonStatuses() {}

  public static Post toPost(JsonNode status, String server, Instant ingestedAt)
      throws InvalidPostException {
    JsonNode boosted = status.path("reblog");
    JsonNode content = boosted.isObject() ? boosted : status;
    String id = required(status, "id");
    JsonNode account = status.path("account");
    Post.Builder post =
        Post.newBuilder()
            .setSource(SOURCE)
            .setId(server + "/" + id)
            .setText(plainText(content.path("content").asText("")))
            .setCreatedAt(time(status, "created_at"))
            .setIngestedAt(ingestedAt)
            .setLangHint(text(content, "language"))
            .setUrl(text(status, "url") != null ? text(status, "url") : text(content, "url"))
            .setReplyToId(
                text(status, "in_reply_to_id") == null
                    ? null
                    : server + "/" + text(status, "in_reply_to_id"))
            .setRepostOfId(boosted.isObject() ? server + "/" + required(boosted, "id") : null)
            .setEngagement(
                Engagement.newBuilder()
                    .setLikes(count(content, "favourites_count"))
                    .setReposts(count(content, "reblogs_count"))
                    .setReplies(count(content, "replies_count"))
                    .build())
            .setAttributes(Map.of("mastodon.server", server));
    if (account.isObject()) {
      String acct = text(account, "acct");
      post.setAuthor(
          Author.newBuilder()
              .setId(server + "/" + text(account, "id"))
              .setHandle(acct == null ? null : acct.contains("@") ? acct : acct + "@" + server)
              .setDisplayName(text(account, "display_name"))
              .setFollowers(count(account, "followers_count"))
              .setCreatedAt(account.hasNonNull("created_at") ? time(account, "created_at") : null)
              .build());
    }
    return post.build();
  }

  /** Mastodon's HTML as text: one line per paragraph or line break, entities decoded. */
  static String plainText(String html) {
    Document document = Jsoup.parseBodyFragment(html);
    document.outputSettings(new Document.OutputSettings().prettyPrint(false));
    // Marks that survive text(), which folds all other white space.
    document.select("br").after("\\n");
    document.select("p").after("\\n\\n");
    String text = document.text().replace("\\n", "\n");
    return text.replaceAll(" *\n *", "\n").replaceAll("\n{3,}", "\n\n").strip();
  }

  private static String required(JsonNode node, String field) throws InvalidPostException {
    String value = text(node, field);
    if (value == null || value.isBlank()) {
      throw new InvalidPostException("status " + field + ": required");
    }
    return value;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static Long count(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.canConvertToLong() ? value.asLong() : null;
  }

  private static Instant time(JsonNode node, String field) throws InvalidPostException {
    try {
      return Instant.parse(required(node, field));
    } catch (DateTimeParseException e) {
      throw new InvalidPostException("status " + field + ": not an ISO-8601 time");
    }
  }
}
