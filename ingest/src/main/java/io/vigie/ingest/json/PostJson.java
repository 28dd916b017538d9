package io.vigie.ingest.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigie.schema.Author;
import io.vigie.schema.Engagement;
import io.vigie.schema.GeoPoint;
import io.vigie.schema.Post;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Vigie's JSON form of a post, shared by the webhook and JSONL replays (see docs/ingest.md):
 *
 * <pre>{@code
 * {"source": "webhook", "id": "42", "text": "...", "created_at": "2026-11-22T10:00:00Z",
 *  "author": {"id": "7", "handle": "jdoe", "display_name": "J. Doe", "followers": 120,
 *             "created_at": "2020-01-01T00:00:00Z"},
 *  "lang": "fr", "url": "https://...", "reply_to_id": "41", "repost_of_id": null,
 *  "geo": {"lat": 48.85, "lon": 2.35},
 *  "engagement": {"likes": 3, "reposts": 1, "replies": 0, "quotes": 0},
 *  "attributes": {"campaign": "spring"}}
 * }</pre>
 *
 * {@code source}, {@code id}, {@code text} and {@code created_at} (ISO-8601 or epoch milliseconds)
 * are required; unknown fields are refused, so that a typo never drops data silently.
 */
public final class PostJson {

  private static final Set<String> FIELDS =
      Set.of(
          "source",
          "id",
          "text",
          "created_at",
          "author",
          "lang",
          "url",
          "reply_to_id",
          "repost_of_id",
          "geo",
          "engagement",
          "attributes");
  private static final Set<String> AUTHOR_FIELDS =
      Set.of("id", "handle", "display_name", "followers", "created_at");
  private static final Set<String> ENGAGEMENT_FIELDS =
      Set.of("likes", "reposts", "replies", "quotes");

  private PostJson() {}

  /**
   * The post {@code node} describes, received at {@code ingestedAt}; {@code defaultSource} fills a
   * missing source.
   */
  public static Post parse(JsonNode node, Instant ingestedAt, String defaultSource)
      throws InvalidPostException {
    if (node == null || !node.isObject()) {
      throw new InvalidPostException("a post must be a JSON object");
    }
    checkFields(node, FIELDS, "");
    String source = node.hasNonNull("source") ? text(node, "source") : defaultSource;
    if (source == null || source.isBlank()) {
      throw new InvalidPostException("source: required");
    }
    Post.Builder post =
        Post.newBuilder()
            .setSource(source)
            .setId(requiredText(node, "id"))
            .setText(requiredText(node, "text"))
            .setCreatedAt(time(node, "created_at", true))
            .setIngestedAt(ingestedAt)
            .setLangHint(optionalText(node, "lang"))
            .setUrl(optionalText(node, "url"))
            .setReplyToId(optionalText(node, "reply_to_id"))
            .setRepostOfId(optionalText(node, "repost_of_id"));
    JsonNode author = node.get("author");
    if (author != null && !author.isNull()) {
      if (!author.isObject()) {
        throw new InvalidPostException("author: must be an object");
      }
      checkFields(author, AUTHOR_FIELDS, "author.");
      post.setAuthor(
          Author.newBuilder()
              .setId(optionalText(author, "id"))
              .setHandle(optionalText(author, "handle"))
              .setDisplayName(optionalText(author, "display_name"))
              .setFollowers(optionalCount(author, "followers", "author."))
              .setCreatedAt(
                  author.hasNonNull("created_at") ? time(author, "created_at", false) : null)
              .build());
    }
    JsonNode geo = node.get("geo");
    if (geo != null && !geo.isNull()) {
      if (!geo.isObject() || !geo.path("lat").isNumber() || !geo.path("lon").isNumber()) {
        throw new InvalidPostException("geo: must be {\"lat\": number, \"lon\": number}");
      }
      post.setGeo(
          GeoPoint.newBuilder()
              .setLat(geo.get("lat").asDouble())
              .setLon(geo.get("lon").asDouble())
              .build());
    }
    JsonNode engagement = node.get("engagement");
    if (engagement != null && !engagement.isNull()) {
      if (!engagement.isObject()) {
        throw new InvalidPostException("engagement: must be an object");
      }
      checkFields(engagement, ENGAGEMENT_FIELDS, "engagement.");
      post.setEngagement(
          Engagement.newBuilder()
              .setLikes(optionalCount(engagement, "likes", "engagement."))
              .setReposts(optionalCount(engagement, "reposts", "engagement."))
              .setReplies(optionalCount(engagement, "replies", "engagement."))
              .setQuotes(optionalCount(engagement, "quotes", "engagement."))
              .build());
    }
    Map<String, String> attributes = new LinkedHashMap<>();
    JsonNode given = node.get("attributes");
    if (given != null && !given.isNull()) {
      if (!given.isObject()) {
        throw new InvalidPostException("attributes: must be an object of strings");
      }
      for (var entry : given.properties()) {
        if (!entry.getValue().isValueNode() || entry.getValue().isNull()) {
          throw new InvalidPostException(
              "attributes." + entry.getKey() + ": must be a string, number or boolean");
        }
        attributes.put(entry.getKey(), entry.getValue().asText());
      }
    }
    post.setAttributes(attributes);
    return post.build();
  }

  /** The JSON form of {@code post}, as {@link #parse} reads it back (null fields left out). */
  public static ObjectNode toJson(Post post, ObjectMapper mapper) {
    ObjectNode node = mapper.createObjectNode();
    node.put("source", post.getSource())
        .put("id", post.getId())
        .put("text", post.getText())
        .put("created_at", post.getCreatedAt().toString());
    Author author = post.getAuthor();
    if (author != null) {
      ObjectNode a = node.putObject("author");
      putIfPresent(a, "id", author.getId());
      putIfPresent(a, "handle", author.getHandle());
      putIfPresent(a, "display_name", author.getDisplayName());
      if (author.getFollowers() != null) {
        a.put("followers", author.getFollowers());
      }
      if (author.getCreatedAt() != null) {
        a.put("created_at", author.getCreatedAt().toString());
      }
    }
    putIfPresent(node, "lang", post.getLangHint());
    putIfPresent(node, "url", post.getUrl());
    putIfPresent(node, "reply_to_id", post.getReplyToId());
    putIfPresent(node, "repost_of_id", post.getRepostOfId());
    if (post.getGeo() != null) {
      node.putObject("geo").put("lat", post.getGeo().getLat()).put("lon", post.getGeo().getLon());
    }
    Engagement engagement = post.getEngagement();
    if (engagement != null) {
      ObjectNode e = node.putObject("engagement");
      putIfPresent(e, "likes", engagement.getLikes());
      putIfPresent(e, "reposts", engagement.getReposts());
      putIfPresent(e, "replies", engagement.getReplies());
      putIfPresent(e, "quotes", engagement.getQuotes());
    }
    if (!post.getAttributes().isEmpty()) {
      ObjectNode attributes = node.putObject("attributes");
      new java.util.TreeMap<>(post.getAttributes()).forEach(attributes::put);
    }
    return node;
  }

  private static void putIfPresent(ObjectNode node, String field, Object value) {
    if (value instanceof Long number) {
      node.put(field, number);
    } else if (value != null) {
      node.put(field, value.toString());
    }
  }

  private static void checkFields(JsonNode node, Set<String> allowed, String prefix)
      throws InvalidPostException {
    for (var names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw new InvalidPostException(
            prefix + name + ": unknown field (known: " + allowed.stream().sorted().toList() + ")");
      }
    }
  }

  private static String requiredText(JsonNode node, String field) throws InvalidPostException {
    if (!node.hasNonNull(field)) {
      throw new InvalidPostException(field + ": required");
    }
    return text(node, field);
  }

  private static String optionalText(JsonNode node, String field) throws InvalidPostException {
    return node.hasNonNull(field) ? text(node, field) : null;
  }

  private static String text(JsonNode node, String field) throws InvalidPostException {
    JsonNode value = node.get(field);
    if (value.isTextual()) {
      return value.asText();
    }
    if (value.isIntegralNumber() && !field.equals("text")) {
      return value.asText(); // numeric ids are common (snowflakes)
    }
    throw new InvalidPostException(field + ": must be a string");
  }

  private static Long optionalCount(JsonNode node, String field, String prefix)
      throws InvalidPostException {
    if (!node.hasNonNull(field)) {
      return null;
    }
    JsonNode value = node.get(field);
    if (!value.isIntegralNumber() || value.asLong() < 0) {
      throw new InvalidPostException(prefix + field + ": must be a whole number >= 0");
    }
    return value.asLong();
  }

  private static Instant time(JsonNode node, String field, boolean required)
      throws InvalidPostException {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      if (required) {
        throw new InvalidPostException(field + ": required");
      }
      return null;
    }
    if (value.isIntegralNumber()) {
      return Instant.ofEpochMilli(value.asLong());
    }
    try {
      return IsoInstants.parse(value.asText());
    } catch (DateTimeParseException e) {
      throw new InvalidPostException(
          field
              + ": not an ISO-8601 instant (e.g. 2026-11-22T10:00:00Z) nor epoch milliseconds: "
              + value.asText());
    }
  }
}
