package io.vigie.indexer.setup;

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
import java.util.Map;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs Vigie's component and index templates (JSON resources under {@code
 * io/vigie/indexer/elasticsearch}), with the configured name prefix and replica count, adapted to
 * what the cluster offers ({@link ClusterCapabilities}): where it has the French and English
 * analyzers, posts' text also gets {@code text.fr} and {@code text.en} sub-fields analysed with
 * them; where it has index lifecycle management, every index gets a policy deleting it after its
 * kind's retention (without, {@link io.vigie.indexer.retention.IndexRetention} deletes expired
 * indices itself). Putting a template is idempotent: the newest definition replaces the old one and
 * applies to indices created from then on.
 */
public final class IndexTemplates {

  private static final Logger log = LoggerFactory.getLogger(IndexTemplates.class);
  private static final String ROOT = "io/vigie/indexer/elasticsearch/";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Component templates first: index templates refer to them. */
  static final List<String> COMPONENTS =
      List.of("posts-mappings", "signals-mappings", "alerts-mappings", "alert-actions-mappings");

  public static final List<String> INDEX_TEMPLATES =
      List.of("posts", "signals", "alerts", "alert-actions");

  /**
   * The lifecycle policy of each index template's indices: an alert's audit trail (its actions)
   * goes with alerts of the same age, so both follow the alerts' retention.
   */
  public static final Map<String, String> LIFECYCLE_POLICY =
      Map.of("posts", "posts", "signals", "signals", "alerts", "alerts", "alert-actions", "alerts");

  /** How long each kind of index stays searchable before it is deleted. */
  public record Retention(Duration posts, Duration signals, Duration alerts) {

    /** The retention of a lifecycle policy ({@link #LIFECYCLE_POLICY}'s values). */
    public Duration of(String policy) {
      return switch (policy) {
        case "posts" -> posts;
        case "signals" -> signals;
        case "alerts" -> alerts;
        default -> throw new IllegalArgumentException("No retention for " + policy);
      };
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
      log.info(
          "No index lifecycle management on this cluster: Vigie deletes monthly {}* indices past"
              + " their retention itself (vigie index, vigie retention)",
          prefix);
    }
    for (String component : COMPONENTS) {
      putComponent(client, component);
    }
    if (cluster.languageAnalyzers()) {
      putComponent(client, "posts-language-analyzers");
    }
    if (cluster.lifecycle()) {
      for (String policy : new TreeSet<>(LIFECYCLE_POLICY.values())) {
        String body = lifecyclePolicy(policy);
        client.ilm().putLifecycle(r -> r.name(prefix + policy).withJson(new StringReader(body)));
        String component = render("lifecycle.component.json", Map.of("policy", policy));
        client
            .cluster()
            .putComponentTemplate(
                r -> r.name(prefix + policy + "-lifecycle").withJson(new StringReader(component)));
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
    String body = render(component + ".component.json", Map.of());
    client
        .cluster()
        .putComponentTemplate(r -> r.name(prefix + component).withJson(new StringReader(body)));
  }

  /** An index template composed of its mappings and of the variants the cluster can take. */
  String indexTemplate(String template, ClusterCapabilities cluster) {
    try {
      ObjectNode body =
          (ObjectNode) JSON.readTree(render(template + ".index-template.json", Map.of()));
      ArrayNode composedOf = (ArrayNode) body.get("composed_of");
      if (template.equals("posts") && cluster.languageAnalyzers()) {
        composedOf.add(prefix + "posts-language-analyzers");
      }
      if (cluster.lifecycle()) {
        composedOf.add(prefix + LIFECYCLE_POLICY.get(template) + "-lifecycle");
      }
      return JSON.writeValueAsString(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The ILM policy deleting a monthly index of {@code policy}'s kind after its retention. */
  String lifecyclePolicy(String policy) {
    List<String> indices =
        LIFECYCLE_POLICY.entrySet().stream()
            .filter(e -> e.getValue().equals(policy))
            .map(Map.Entry::getKey)
            .sorted()
            .toList();
    return render(
        "lifecycle-policy.json",
        Map.of(
            "indices",
            String.join(" and ", indices),
            "retention",
            retention.of(policy).toDays() + "d"));
  }

  /** A template resource with its placeholders filled in. */
  public String render(String resource) {
    return render(resource, Map.of());
  }

  /** The same, with {@code ${name}} placeholders of its own as well. */
  String render(String resource, Map<String, String> placeholders) {
    try (InputStream in =
        IndexTemplates.class.getClassLoader().getResourceAsStream(ROOT + resource)) {
      if (in == null) {
        throw new IllegalStateException("Missing template resource " + ROOT + resource);
      }
      String text =
          new String(in.readAllBytes(), StandardCharsets.UTF_8)
              .replace("\"${replicas}\"", Integer.toString(replicas))
              .replace("${prefix}", prefix);
      for (Map.Entry<String, String> placeholder : placeholders.entrySet()) {
        text = text.replace("${" + placeholder.getKey() + "}", placeholder.getValue());
      }
      return text;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
