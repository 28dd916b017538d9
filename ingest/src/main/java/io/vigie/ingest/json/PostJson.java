package io.vigie.ingest.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigie.schema.Author;
import io.vigie.schema.Engagement;
import io.vigie.schema.GeoPoint;
import io.vigie.schema.Post;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

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
    try (JsonParser parser = node.traverse()) {
      return parse(parser, ingestedAt, defaultSource);
    } catch (IOException e) {
      throw new IllegalStateException("reading a JSON tree cannot fail", e);
    }
  }

  /**
   * The post the next JSON object of {@code parser} describes, read as it streams by: replays parse
   * millions of lines, and building a tree for each first cost more than the rest of the parse.
   */
  public static Post parse(JsonParser parser, Instant ingestedAt, String defaultSource)
      throws IOException, InvalidPostException {
    JsonToken start = parser.currentToken() == null ? parser.nextToken() : parser.currentToken();
    if (start != JsonToken.START_OBJECT) {
      throw new InvalidPostException("a post must be a JSON object");
    }
    String source = null;
    String id = null;
    String text = null;
    Instant createdAt = null;
    Post.Builder post = Post.newBuilder().setIngestedAt(ingestedAt);
    Map<String, String> attributes = new LinkedHashMap<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      switch (field) {
        case "source" -> source = text(parser, value, field);
        case "id" -> id = text(parser, value, field);
        case "text" -> text = text(parser, value, field);
        case "created_at" -> createdAt = time(parser, value, field);
        case "lang" -> post.setLangHint(text(parser, value, field));
        case "url" -> post.setUrl(text(parser, value, field));
        case "reply_to_id" -> post.setReplyToId(text(parser, value, field));
        case "repost_of_id" -> post.setRepostOfId(text(parser, value, field));
        case "author" -> post.setAuthor(author(parser, value));
        case "geo" -> post.setGeo(geo(parser, value));
        case "engagement" -> post.setEngagement(engagement(parser, value));
        case "attributes" -> attributes(parser, value, attributes);
        default -> throw unknownField("", field, FIELDS);
      }
    }
    source = source != null ? source : defaultSource;
    if (source == null || source.isBlank()) {
      throw new InvalidPostException("source: required");
    }
    return post.setSource(source)
        .setId(required(id, "id"))
        .setText(required(text, "text"))
        .setCreatedAt(required(createdAt, "created_at"))
        .setAttributes(attributes)
        .build();
  }

  private static Author author(JsonParser parser, JsonToken start)
      throws IOException, InvalidPostException {
    if (start == JsonToken.VALUE_NULL) {
      return null;
    }
    if (start != JsonToken.START_OBJECT) {
      throw new InvalidPostException("author: must be an object");
    }
    Author.Builder author = Author.newBuilder();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      switch (field) {
        case "id" -> author.setId(text(parser, value, field));
        case "handle" -> author.setHandle(text(parser, value, field));
        case "display_name" -> author.setDisplayName(text(parser, value, field));
        case "followers" -> author.setFollowers(count(parser, value, "author.followers"));
        case "created_at" -> author.setCreatedAt(time(parser, value, "created_at"));
        default -> throw unknownField("author.", field, AUTHOR_FIELDS);
      }
    }
    return author.build();
  }

  private static GeoPoint geo(JsonParser parser, JsonToken start)
      throws IOException, InvalidPostException {
    if (start == JsonToken.VALUE_NULL) {
      return null;
    }
    InvalidPostException invalid =
        new InvalidPostException("geo: must be {\"lat\": number, \"lon\": number}");
    if (start != JsonToken.START_OBJECT) {
      throw invalid;
    }
    Double lat = null;
    Double lon = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      boolean number = value.isNumeric();
      if (field.equals("lat") && number) {
        lat = parser.getDoubleValue();
      } else if (field.equals("lon") && number) {
        lon = parser.getDoubleValue();
      } else if (field.equals("lat") || field.equals("lon")) {
        throw invalid;
      } else {
        parser.skipChildren();
      }
    }
    if (lat == null || lon == null) {
      throw invalid;
    }
    return GeoPoint.newBuilder().setLat(lat).setLon(lon).build();
  }

  private static Engagement engagement(JsonParser parser, JsonToken start)
      throws IOException, InvalidPostException {
    if (start == JsonToken.VALUE_NULL) {
      return null;
    }
    if (start != JsonToken.START_OBJECT) {
      throw new InvalidPostException("engagement: must be an object");
    }
    Engagement.Builder engagement = Engagement.newBuilder();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      String path = "engagement." + field;
      switch (field) {
        case "likes" -> engagement.setLikes(count(parser, value, path));
        case "reposts" -> engagement.setReposts(count(parser, value, path));
        case "replies" -> engagement.setReplies(count(parser, value, path));
        case "quotes" -> engagement.setQuotes(count(parser, value, path));
        default -> throw unknownField("engagement.", field, ENGAGEMENT_FIELDS);
      }
    }
    return engagement.build();
  }

  private static void attributes(JsonParser parser, JsonToken start, Map<String, String> into)
      throws IOException, InvalidPostException {
    if (start == JsonToken.VALUE_NULL) {
      return;
    }
    if (start != JsonToken.START_OBJECT) {
      throw new InvalidPostException("attributes: must be an object of strings");
    }
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String key = parser.currentName();
      JsonToken value = parser.nextToken();
      if (!value.isScalarValue() || value == JsonToken.VALUE_NULL) {
        throw new InvalidPostException(
            "attributes." + key + ": must be a string, number or boolean");
      }
      into.put(key, parser.getText());
    }
  }

  private static InvalidPostException unknownField(String prefix, String name, Set<String> known) {
    return new InvalidPostException(
        prefix + name + ": unknown field (known: " + known.stream().sorted().toList() + ")");
  }

  private static <T> T required(T value, String field) throws InvalidPostException {
    if (value == null) {
      throw new InvalidPostException(field + ": required");
    }
    return value;
  }

  /** A string (or a whole number, except for the text: numeric ids are common), or null. */
  private static String text(JsonParser parser, JsonToken value, String field)
      throws IOException, InvalidPostException {
    if (value == JsonToken.VALUE_NULL) {
      return null;
    }
    if (value == JsonToken.VALUE_STRING
        || (value == JsonToken.VALUE_NUMBER_INT && !field.equals("text"))) {
      return parser.getText();
    }
    throw new InvalidPostException(field + ": must be a string");
  }

  private static Long count(JsonParser parser, JsonToken value, String path)
      throws IOException, InvalidPostException {
    if (value == JsonToken.VALUE_NULL) {
      return null;
    }
    if (value != JsonToken.VALUE_NUMBER_INT
        || parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
        || parser.getLongValue() < 0) {
      throw new InvalidPostException(path + ": must be a whole number >= 0");
    }
    return parser.getLongValue();
  }

  private static Instant time(JsonParser parser, JsonToken value, String field)
      throws IOException, InvalidPostException {
    if (value == JsonToken.VALUE_NULL) {
      return null;
    }
    if (value == JsonToken.VALUE_NUMBER_INT
        && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
      return Instant.ofEpochMilli(parser.getLongValue());
    }
    if (value.isStructStart()) {
      parser.skipChildren();
      throw notATime(field, value == JsonToken.START_OBJECT ? "an object" : "an array");
    }
    try {
      return IsoInstants.parse(parser.getText());
    } catch (DateTimeParseException e) {
      throw notATime(field, parser.getText());
    }
  }

  private static InvalidPostException notATime(String field, String given) {
    return new InvalidPostException(
        field
            + ": not an ISO-8601 instant (e.g. 2026-11-22T10:00:00Z) nor epoch milliseconds: "
            + given);
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
      new TreeMap<>(post.getAttributes()).forEach(attributes::put);
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
}
