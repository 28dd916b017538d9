package io.vigie.indexer.setup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigie.indexer.PostDocuments;
import io.vigie.schema.Author;
import io.vigie.schema.Engagement;
import io.vigie.schema.EnrichedPost;
import io.vigie.schema.GeoPoint;
import io.vigie.schema.Post;
import io.vigie.schema.SentimentLabel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IndexTemplatesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The configuration's defaults (elasticsearch.*-retention-days). */
  private static final IndexTemplates.Retention DEFAULT_RETENTION =
      new IndexTemplates.Retention(Duration.ofDays(90), Duration.ofDays(365), Duration.ofDays(365));

  private final IndexTemplates templates = new IndexTemplates("acme-", 2, DEFAULT_RETENTION);

  @Test
  void shouldComposeTheLanguageAndLifecycleVariantsOnlyWhereTheClusterHasThem() throws Exception {
    JsonNode minimal =
        JSON.readTree(templates.indexTemplate("posts", new ClusterCapabilities(false, false)));
    JsonNode full =
        JSON.readTree(templates.indexTemplate("posts", new ClusterCapabilities(true, true)));
    JsonNode alerts =
        JSON.readTree(templates.indexTemplate("alerts", new ClusterCapabilities(true, true)));

    assertThat(minimal.get("composed_of"))
        .extracting(JsonNode::asText)
        .containsExactly("acme-posts-mappings");
    assertThat(full.get("composed_of"))
        .extracting(JsonNode::asText)
        .containsExactly(
            "acme-posts-mappings", "acme-posts-language-analyzers", "acme-posts-lifecycle");
    assertThat(alerts.get("composed_of"))
        .extracting(JsonNode::asText)
        .containsExactly("acme-alerts-mappings", "acme-alerts-lifecycle");
    JsonNode text =
        JSON.readTree(templates.render("posts-language-analyzers.component.json"))
            .at("/template/mappings/properties/text");
    assertThat(text.at("/fields/fr/analyzer").asText()).isEqualTo("french");
    assertThat(text.at("/fields/en/analyzer").asText()).isEqualTo("english");
    assertThat(
            JSON.readTree(templates.render("lifecycle.component.json", Map.of("policy", "signals")))
                .at("/template/settings/index.lifecycle.name")
                .asText())
        .isEqualTo("acme-signals");
  }

  @Test
  void shouldGiveEveryIndexALifecyclePolicyWhereTheClusterHasOne() throws Exception {
    ClusterCapabilities lifecycle = new ClusterCapabilities(false, true);
    for (String template : IndexTemplates.INDEX_TEMPLATES) {
      JsonNode composed =
          JSON.readTree(templates.indexTemplate(template, lifecycle)).get("composed_of");
      String policy = template.equals("alert-actions") ? "alerts" : template;
      assertThat(composed)
          .extracting(JsonNode::asText)
          .as(template)
          .containsExactly("acme-" + template + "-mappings", "acme-" + policy + "-lifecycle");
      JsonNode none =
          JSON.readTree(templates.indexTemplate(template, new ClusterCapabilities(true, false)))
              .get("composed_of");
      assertThat(none).extracting(JsonNode::asText).noneMatch(c -> c.endsWith("-lifecycle"));
    }
  }

  @Test
  void shouldDeleteEachKindAfterItsConfiguredRetention() throws Exception {
    IndexTemplates custom =
        new IndexTemplates(
            "acme-",
            0,
            new IndexTemplates.Retention(
                Duration.ofDays(30), Duration.ofDays(180), Duration.ofDays(400)));

    for (Map.Entry<String, String> policy :
        Map.of("posts", "30d", "signals", "180d", "alerts", "400d").entrySet()) {
      JsonNode body = JSON.readTree(custom.lifecyclePolicy(policy.getKey())).get("policy");
      assertThat(body.at("/phases/delete/min_age").asText()).isEqualTo(policy.getValue());
      assertThat(body.at("/phases/delete/actions").has("delete")).isTrue();
      assertThat(body.at("/phases/hot/min_age").asText()).isEqualTo("0ms");
    }
    assertThat(
            JSON.readTree(custom.lifecyclePolicy("alerts"))
                .at("/policy/_meta/description")
                .asText())
        .isEqualTo(
            "Vigie alert-actions and alerts: a monthly index is deleted 400d after its creation");
  }

  @Test
  void shouldFillInPrefixAndReplicas() throws Exception {
    JsonNode template = JSON.readTree(templates.render("posts.index-template.json"));
    JsonNode component = JSON.readTree(templates.render("posts-mappings.component.json"));

    assertThat(template.at("/index_patterns/0").asText()).isEqualTo("acme-posts-*");
    assertThat(template.at("/composed_of/0").asText()).isEqualTo("acme-posts-mappings");
    assertThat(component.at("/template/settings/number_of_replicas").asInt()).isEqualTo(2);
  }

  @Test
  void shouldMapEveryFieldAPostDocumentCanCarry() throws Exception {
    // The mapping is strict: a field the template does not know would be refused by Elasticsearch.
    JsonNode properties =
        JSON.readTree(templates.render("posts-mappings.component.json"))
            .at("/template/mappings/properties");
    JsonNode document = JSON.readTree(PostDocuments.toJson("twitter:1", everyFieldSet()));

    List<String> unmapped = new ArrayList<>();
    collectUnmapped(document, properties, "", unmapped);

    assertThat(unmapped).isEmpty();
  }

  @Test
  void shouldInstallATemplateForEveryIndexTheIndexerWrites() {
    assertThat(IndexTemplates.INDEX_TEMPLATES)
        .containsExactly("posts", "signals", "alerts", "alert-actions");
    for (String template : IndexTemplates.INDEX_TEMPLATES) {
      assertThat(IndexTemplates.COMPONENTS).contains(template + "-mappings");
    }
  }

  private static void collectUnmapped(
      JsonNode document, JsonNode properties, String path, List<String> unmapped) {
    for (Iterator<Map.Entry<String, JsonNode>> fields = document.fields(); fields.hasNext(); ) {
      Map.Entry<String, JsonNode> field = fields.next();
      JsonNode mapping = properties.get(field.getKey());
      if (mapping == null) {
        unmapped.add(path + field.getKey());
      } else if (field.getValue().isObject() && mapping.has("properties")) {
        collectUnmapped(
            field.getValue(), mapping.get("properties"), path + field.getKey() + ".", unmapped);
      } else if (field.getValue().isArray() && mapping.has("properties")) {
        for (JsonNode item : field.getValue()) {
          collectUnmapped(item, mapping.get("properties"), path + field.getKey() + ".", unmapped);
        }
      } else if (field.getValue().isObject() && !mapping.has("type")) {
        unmapped.add(path + field.getKey() + " (object without properties)");
      }
    }
  }

  private static EnrichedPost everyFieldSet() {
    Instant t = Instant.parse("2013-04-15T18:55:00Z");
    Post post =
        Post.newBuilder()
            .setSource("twitter")
            .setId("1")
            .setText("Explosion près de la ligne d'arrivée")
            .setAuthor(
                Author.newBuilder()
                    .setId("9")
                    .setHandle("h")
                    .setDisplayName("H")
                    .setFollowers(3L)
                    .setCreatedAt(t)
                    .build())
            .setLangHint("fr")
            .setCreatedAt(t)
            .setIngestedAt(t)
            .setUrl("https://example.org/1")
            .setReplyToId("0")
            .setRepostOfId("2")
            .setGeo(GeoPoint.newBuilder().setLat(42.35).setLon(-71.08).build())
            .setEngagement(
                Engagement.newBuilder()
                    .setLikes(1L)
                    .setReposts(2L)
                    .setReplies(3L)
                    .setQuotes(4L)
                    .build())
            .setAttributes(Map.of("crisislex.label", "on-topic"))
            .build();
    return EnrichedPost.newBuilder()
        .setPost(post)
        .setEnrichedAt(t)
        .setLanguage("fr")
        .setLanguageConfidence(0.9f)
        .setTokens(List.of("explosion"))
        .setHashtags(List.of("boston"))
        .setMentions(List.of("bpd"))
        .setUrls(List.of("https://example.org"))
        .setSentimentScore(-0.5f)
        .setSentiment(SentimentLabel.NEGATIVE)
        .setClusterId("c1")
        .setClusterOpener(false)
        .setClusterSize(4)
        .setClusterAuthors(3)
        .setWatchRuleIds(List.of("boston"))
        .setCrisisScore(0.8f)
        .setCrisisTerms(List.of("explosion"))
        .setAuthorInfluence(0.1f)
        .build();
  }
}
