package io.vigie.ops.setup;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs Vigie's component and index templates (JSON resources under {@code
 * io/vigie/ops/elasticsearch}), with the configured name prefix and replica count, adapted to what
 * the cluster offers ({@link ClusterCapabilities}): where it has the French and English analyzers,
 * posts' text also gets {@code text.fr} and {@code text.en} sub-fields analysed with them; where it
 * has index lifecycle management, posts and signals indices get a policy deleting them after their
 * retention. Putting a template is idempotent: the newest definition replaces the old one and
 * applies to indices created from then on.
 */
public final class IndexTemplates {

  private static final Logger log = LoggerFactory.getLogger(IndexTemplates.class);
  private static final String ROOT = "io/vigie/ops/elasticsearch/";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Component templates first: index templates refer to them. */
  static final List<String> COMPONENTS =
      List.of("posts-mappings", "signals-mappings", "alerts-mappings", "alert-actions-mappings");

  static final List<String> INDEX_TEMPLATES =
      List.of("posts", "signals", "alerts", "alert-actions");

  /** Index templates whose indices a lifecycle policy deletes; alerts are kept. */
  static final List<String> WITH_LIFECYCLE = List.of("posts", "signals");

  /** How long posts and signals stay searchable, where the cluster can delete them itself. */
  public record Retention(Duration posts, Duration signals) {
    Duration of(String template) {
      return template.equals("posts") ? posts : signals;
    }
  }

  private final String prefix;
  private final int replicas;
  private final Retention retention;

  public IndexTemplates(String prefix, int replicas, Retention retention) {
    this.prefix = prefix;
    this.replicas = replicas;
    this.retention = retention;
  }

  public ClusterCapabilities apply(ElasticsearchClient client) throws IOException {
    ClusterCapabilities cluster = ClusterCapabilities.detect(client);
    log.info(
        "Elasticsearch offers language analyzers: {}; index lifecycle management: {}",
        cluster.languageAnalyzers() ? "yes, posts get text.fr and text.en" : "no",
        cluster.lifecycle() ? "yes" : "no");
    if (!cluster.languageAnalyzers()) {
      log.info(
          "Posts' text is analysed with the standard analyzer only; Vigie's own French and English"
              + " tokens are searchable in the tokens and words fields");
    }
    if (!cluster.lifecycle()) {
      log.warn(
          "No index lifecycle management on this cluster: monthly {}posts-* and {}signals-* indices"
              + " are kept until deleted by hand",
          prefix,
          prefix);
    }
    for (String component : COMPONENTS) {
      putComponent(client, component);
    }
    if (cluster.languageAnalyzers()) {
      putComponent(client, "posts-language-analyzers");
    }
    if (cluster.lifecycle()) {
      for (String template : WITH_LIFECYCLE) {
        String policy = render(template + ".lifecycle-policy.json", template);
        client
            .ilm()
            .putLifecycle(r -> r.name(prefix + template).withJson(new StringReader(policy)));
        putComponent(client, template + "-lifecycle");
      }
    }
    for (String template : INDEX_TEMPLATES) {
      String body = indexTemplate(template, cluster);
      client
          .indices()
          .putIndexTemplate(r -> r.name(prefix + template).withJson(new StringReader(body)));
    }
    log.info(
        "Index templates installed: {}", INDEX_TEMPLATES.stream().map(t -> prefix + t).toList());
    return cluster;
  }

  private void putComponent(ElasticsearchClient client, String component) throws IOException {
    String body = render(component + ".component.json", null);
    client
        .cluster()
        .putComponentTemplate(r -> r.name(prefix + component).withJson(new StringReader(body)));
  }

  /** An index template composed of its mappings and of the variants the cluster can take. */
  String indexTemplate(String template, ClusterCapabilities cluster) {
    try {
      ObjectNode body = (ObjectNode) JSON.readTree(render(template + ".index-template.json", null));
      ArrayNode composedOf = (ArrayNode) body.get("composed_of");
      if (template.equals("posts") && cluster.languageAnalyzers()) {
        composedOf.add(prefix + "posts-language-analyzers");
      }
      if (WITH_LIFECYCLE.contains(template) && cluster.lifecycle()) {
        composedOf.add(prefix + template + "-lifecycle");
      }
      return JSON.writeValueAsString(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A template resource with its placeholders filled in. */
  public String render(String resource) {
    return render(resource, null);
  }

  private String render(String resource, String retentionOf) {
    try (InputStream in =
        IndexTemplates.class.getClassLoader().getResourceAsStream(ROOT + resource)) {
      if (in == null) {
        throw new IllegalStateException("Missing template resource " + ROOT + resource);
      }
      String text =
          new String(in.readAllBytes(), StandardCharsets.UTF_8)
              .replace("\"${replicas}\"", Integer.toString(replicas))
              .replace("${prefix}", prefix);
      return retentionOf == null
          ? text
          : text.replace("${retention}", retention.of(retentionOf).toDays() + "d");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
