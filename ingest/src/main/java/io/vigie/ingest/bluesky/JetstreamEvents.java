package io.vigie.ingest.bluesky;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigie.ingest.json.InvalidPostException;
import io.vigie.schema.Author;
import io.vigie.schema.Post;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/**
 * Maps Bluesky Jetstream events (https://github.com/bluesky-social/jetstream: JSON with {@code
 * did}, {@code time_us}, {@code kind}, and for commits {@code commit.operation}, {@code
 * collection}, {@code rkey} and the {@code record}) to posts. Only creations of {@code
 * app.bsky.feed.post} records are posts; the id is {@code <did>/<rkey>}, unique network-wide. The
 * record's own {@code createdAt} is client-supplied and may be anything, so the validator still
 * judges it.
 */
public final class JetstreamEvents {

  public static final String SOURCE = "bluesky";
  public static final String POST_COLLECTION = "app.bsky.feed.post";

  private JetstreamEvents() {}

  /** The event's position in the stream (microseconds), used as the resume cursor. */
  public static Optional<Long> cursor(JsonNode event) {
    JsonNode time = event.get("time_us");
    return time != null && time.canConvertToLong() ? Optional.of(time.asLong()) : Optional.empty();
  }

  /**
   * The post a created feed post stands for; empty for every other event (identity, account,
   * deletes, likes...).
   */
  public static Optional<Post> toPost(JsonNode event, Instant ingestedAt)
      throws InvalidPostException {
    JsonNode commit = event.path("commit");
    if (!"commit".equals(event.path("kind").asText())
        || !"create".equals(commit.path("operation").asText())
        || !POST_COLLECTION.equals(commit.path("collection").asText())) {
      return Optional.empty();
    }
    String did = event.path("did").asText("");
    String rkey = commit.path("rkey").asText("");
    if (did.isEmpty() || rkey.isEmpty()) {
      throw new InvalidPostException("commit without did or rkey");
    }
    JsonNode record = commit.path("record");
    if (!record.path("text").isTextual()) {
      throw new InvalidPostException("record.text: required");
    }
    Instant created;
    try {
      created = Instant.parse(record.path("createdAt").asText());
    } catch (DateTimeParseException e) {
      throw new InvalidPostException(
          "record.createdAt: not an ISO-8601 time: " + record.path("createdAt").asText());
    }
    JsonNode langs = record.path("langs");
    String parent = record.path("reply").path("parent").path("uri").asText(null);
    return Optional.of(
        Post.newBuilder()
            .setSource(SOURCE)
            .setId(did + "/" + rkey)
            .setAuthor(Author.newBuilder().setId(did).build())
            .setText(record.get("text").asText())
            .setLangHint(langs.isArray() && !langs.isEmpty() ? langs.get(0).asText() : null)
            .setCreatedAt(created)
            .setIngestedAt(ingestedAt)
            .setUrl("https://bsky.app/profile/" + did + "/post/" + rkey)
            .setReplyToId(parent == null ? null : atUriToId(parent))
            .setAttributes(Map.of("bluesky.cid", commit.path("cid").asText("")))
            .build());
  }

  /** {@code at://<did>/app.bsky.feed.post/<rkey>} as the {@code <did>/<rkey>} ids posts carry. */
  static String atUriToId(String uri) {
    String path = uri.startsWith("at://") ? uri.substring(5) : uri;
    String[] parts = path.split("/");
    return parts.length == 3 ? parts[0] + "/" + parts[2] : uri;
  }
}
