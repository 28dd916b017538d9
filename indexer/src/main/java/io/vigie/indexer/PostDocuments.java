package io.vigie.indexer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigie.schema.Author;
import io.vigie.schema.EnrichedPost;
import io.vigie.schema.Post;
import io.vigie.schema.SentimentLabel;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The Elasticsearch document of an enriched post: flat, snake_case field names matching the posts
 * index template, dates as ISO-8601, geo as a geo_point object. Fields that are null are left out.
 */
public final class PostDocuments {

  private static final ObjectMapper JSON = new ObjectMapper();

  private PostDocuments() {}

  public static byte[] toJson(String key, EnrichedPost enriched) {
    Post post = enriched.getPost();
    ObjectNode doc = JSON.createObjectNode();
    doc.put("post_key", key);
    doc.put("source", post.getSource());
    doc.put("id", post.getId());
    doc.put("text", post.getText());
    putIfPresent(doc, "lang_hint", post.getLangHint());
    doc.put("created_at", post.getCreatedAt().toString());
    doc.put("ingested_at", post.getIngestedAt().toString());
    doc.put("enriched_at", enriched.getEnrichedAt().toString());
    putIfPresent(doc, "url", post.getUrl());
    putIfPresent(doc, "reply_to_id", post.getReplyToId());
    putIfPresent(doc, "repost_of_id", post.getRepostOfId());
    Author author = post.getAuthor();
    if (author != null) {
      ObjectNode a = doc.putObject("author");
      putIfPresent(a, "id", author.getId());
      putIfPresent(a, "handle", author.getHandle());
      putIfPresent(a, "display_name", author.getDisplayName());
      if (author.getFollowers() != null) {
        a.put("followers", author.getFollowers());
      }
      putIfPresent(a, "created_at", author.getCreatedAt());
    }
    if (post.getGeo() != null) {
      doc.putObject("geo").put("lat", post.getGeo().getLat()).put("lon", post.getGeo().getLon());
    }
    if (post.getEngagement() != null) {
      ObjectNode e = doc.putObject("engagement");
      putIfPresent(e, "likes", post.getEngagement().getLikes());
      putIfPresent(e, "reposts", post.getEngagement().getReposts());
      putIfPresent(e, "replies", post.getEngagement().getReplies());
      putIfPresent(e, "quotes", post.getEngagement().getQuotes());
    }
    if (!post.getAttributes().isEmpty()) {
      ObjectNode attributes = doc.putObject("attributes");
      post.getAttributes().forEach(attributes::put);
    }
    putIfPresent(doc, "language", enriched.getLanguage());
    if (enriched.getLanguageConfidence() != null) {
      doc.put("language_confidence", enriched.getLanguageConfidence());
    }
    putArray(doc, "tokens", enriched.getTokens());
    putArray(doc, "words", enriched.getWords());
    putArray(doc, "hashtags", enriched.getHashtags());
    putArray(doc, "mentions", enriched.getMentions());
    putArray(doc, "urls", enriched.getUrls());
    putArray(doc, "cashtags", enriched.getCashtags());
    putArray(doc, "emojis", enriched.getEmojis());
    if (enriched.getSentimentScore() != null) {
      doc.put("sentiment_score", enriched.getSentimentScore());
    }
    if (enriched.getSentiment() != SentimentLabel.UNKNOWN) {
      doc.put("sentiment", enriched.getSentiment().name().toLowerCase(Locale.ROOT));
    }
    putIfPresent(doc, "cluster_id", enriched.getClusterId());
    doc.put("cluster_opener", enriched.getClusterOpener());
    doc.put("cluster_size", enriched.getClusterSize());
    doc.put("cluster_authors", enriched.getClusterAuthors());
    doc.put("cluster_similarity", enriched.getClusterSimilarity());
    doc.put("repost", enriched.getRepost());
    putIfPresent(doc, "original_key", enriched.getOriginalKey());
    putArray(doc, "watch_rule_ids", enriched.getWatchRuleIds());
    if (enriched.getCrisisScore() != null) {
      doc.put("crisis_score", enriched.getCrisisScore());
    }
    putArray(doc, "crisis_terms", enriched.getCrisisTerms());
    if (enriched.getAuthorInfluence() != null) {
      doc.put("author_influence", enriched.getAuthorInfluence());
    }
    try {
      return JSON.writeValueAsBytes(doc);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void putIfPresent(ObjectNode node, String field, Object value) {
    if (value instanceof Long number) {
      node.put(field, number);
    } else if (value != null) {
      node.put(field, value instanceof Instant instant ? instant.toString() : value.toString());
    }
  }

  private static void putArray(ObjectNode node, String field, List<String> values) {
    if (!values.isEmpty()) {
      values.forEach(node.putArray(field)::add);
    }
  }
}
