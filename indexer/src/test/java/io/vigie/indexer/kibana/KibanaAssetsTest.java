package io.vigie.indexer.kibana;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.vigie.indexer.setup.IndexTemplates;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Kibana cannot run here: the saved objects are checked for structure, references, and every field
 * they use against the index templates' mappings.
 */
class KibanaAssetsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The configuration's defaults (elasticsearch.*-retention-days). */
  private static final IndexTemplates.Retention DEFAULT_RETENTION =
      new IndexTemplates.Retention(Duration.ofDays(90), Duration.ofDays(365), Duration.ofDays(365));

  private final IndexTemplates templates = new IndexTemplates("vigie-", 0, DEFAULT_RETENTION);

  private List<JsonNode> objects() throws Exception {
    List<JsonNode> objects = new ArrayList<>();
    for (String line : KibanaAssets.ndjson("vigie-").split("\n")) {
      objects.add(JSON.readTree(line));
    }
    return objects;
  }

  @Test
  void everyObjectIsWellFormedAndEveryReferenceResolvesInTheFile() throws Exception {
    Map<String, String> typeOf = new HashMap<>();
    for (JsonNode object : objects()) {
      assertThat(object.path("type").asText()).isNotBlank();
      assertThat(object.path("attributes").path("title").asText()).isNotBlank();
      assertThat(typeOf.put(object.get("id").asText(), object.get("type").asText()))
          .as("duplicate id " + object.get("id"))
          .isNull();
    }
    assertThat(typeOf.values())
        .contains("index-pattern", "search", "visualization", "map", "dashboard");
    for (JsonNode object : objects()) {
      for (JsonNode reference : object.path("references")) {
        assertThat(typeOf.get(reference.get("id").asText()))
            .as(object.get("id") + " -> " + reference)
            .isEqualTo(reference.get("type").asText());
      }
    }
    JsonNode dashboard =
        objects().stream()
            .filter(o -> o.get("type").asText().equals("dashboard"))
            .findFirst()
            .orElseThrow();
    JsonNode panels = JSON.readTree(dashboard.at("/attributes/panelsJSON").asText());
    List<String> referenceNames = new ArrayList<>();
    dashboard.get("references").forEach(r -> referenceNames.add(r.get("name").asText()));
    for (JsonNode panel : panels) {
      assertThat(referenceNames).contains(panel.get("panelRefName").asText());
    }
  }

  @Test
  void everyFieldTheViewsUseIsMappedByTheIndexTemplates() throws Exception {
    Map<String, String> dataViews = new HashMap<>(); // id -> template
    List<String> missing = new ArrayList<>();
    for (JsonNode object : objects()) {
      if (object.get("type").asText().equals("index-pattern")) {
        String title = object.at("/attributes/title").asText();
        String template = title.substring("vigie-".length(), title.length() - 2);
        dataViews.put(object.get("id").asText(), template);
        check(template, object.at("/attributes/timeFieldName").asText(), object, missing);
      }
    }
    for (JsonNode object : objects()) {
      JsonNode attributes = object.get("attributes");
      String dataView = null;
      for (JsonNode reference : object.path("references")) {
        if (reference.get("type").asText().equals("index-pattern")) {
          dataView = dataViews.get(reference.get("id").asText());
        }
      }
      if (dataView == null) {
        continue;
      }
      List<String> fields = new ArrayList<>();
      attributes.path("columns").forEach(c -> fields.add(c.asText()));
      attributes.path("sort").forEach(s -> fields.add(s.get(0).asText()));
      if (attributes.has("visState")) {
        for (JsonNode agg : JSON.readTree(attributes.get("visState").asText()).path("aggs")) {
          if (agg.at("/params/field").isTextual()) {
            fields.add(agg.at("/params/field").asText());
          }
        }
      }
      if (attributes.has("layerListJSON")) {
        for (JsonNode layer : JSON.readTree(attributes.get("layerListJSON").asText())) {
          JsonNode source = layer.path("sourceDescriptor");
          if (source.has("geoField")) {
            fields.add(source.get("geoField").asText());
            source.path("tooltipProperties").forEach(t -> fields.add(t.asText()));
          }
        }
      }
      if (attributes.at("/kibanaSavedObjectMeta/searchSourceJSON").isTextual()) {
        String query =
            JSON.readTree(attributes.at("/kibanaSavedObjectMeta/searchSourceJSON").asText())
                .at("/query/query")
                .asText();
        for (String clause : query.split("\\s+(and|or|AND|OR)\\s+")) {
          if (clause.contains(":")) {
            fields.add(clause.substring(0, clause.indexOf(':')).strip());
          }
        }
      }
      for (String field : fields) {
        check(dataView, field, object, missing);
      }
    }
    assertThat(missing).isEmpty();
  }

  private void check(String template, String field, JsonNode object, List<String> missing)
      throws Exception {
    JsonNode node =
        JSON.readTree(templates.render(template + "-mappings.component.json"))
            .at("/template/mappings");
    String[] parts = field.split("\\.");
    for (String part : parts) {
      JsonNode next = node.path("properties").path(part);
      if (next.isMissingNode()) {
        next = node.path("fields").path(part); // a multi-field such as title.keyword
      }
      if (next.isMissingNode()) {
        missing.add(object.get("id").asText() + ": " + template + "." + field);
        return;
      }
      node = next;
    }
  }

  @Test
  void dataViewsFollowTheIndexPrefix() {
    String ndjson = KibanaAssets.ndjson("acme-");

    assertThat(ndjson)
        .contains("\"title\": \"acme-posts-*\"")
        .doesNotContain("\"title\": \"vigie-posts-*\"");
  }

  @Test
  void theImportPostsTheFileToTheSavedObjectsApiAsKibanaExpects() throws Exception {
    AtomicReference<String> seen = new AtomicReference<>();
    HttpServer kibana = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    kibana.createContext(
        "/",
        exchange -> {
          seen.set(
              exchange.getRequestMethod()
                  + " "
                  + exchange.getRequestURI()
                  + " xsrf="
                  + exchange.getRequestHeaders().getFirst("kbn-xsrf")
                  + " auth="
                  + exchange.getRequestHeaders().getFirst("Authorization")
                  + " type="
                  + exchange.getRequestHeaders().getFirst("Content-Type")
                  + "\n"
                  + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          byte[] body = "{\"success\":true,\"successCount\":14}".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    kibana.start();
    try {
      KibanaAssets.Outcome outcome =
          KibanaAssets.importInto(
              URI.create("http://127.0.0.1:" + kibana.getAddress().getPort() + "/"),
              Optional.of("ops"),
              Optional.of("a2V5"),
              KibanaAssets.ndjson("vigie-"));

      assertThat(outcome.success()).isTrue();
      assertThat(seen.get())
          .startsWith(
              "POST /s/ops/api/saved_objects/_import?overwrite=true xsrf=true auth=ApiKey a2V5")
          .contains("type=multipart/form-data; boundary=")
          .contains("filename=\"vigie.ndjson\"")
          .contains("\"id\": \"vigie-overview\"");
    } finally {
      kibana.stop(0);
    }
  }
}
