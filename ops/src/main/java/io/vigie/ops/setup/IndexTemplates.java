package io.vigie.ops.setup;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs Vigie's component and index templates (JSON resources under {@code
 * io/vigie/ops/elasticsearch}), with the configured name prefix and replica count. Putting a
 * template is idempotent: the newest definition replaces the old one and applies to indices created
 * from then on.
 */
public final class IndexTemplates {

  private static final Logger log = LoggerFactory.getLogger(IndexTemplates.class);
  private static final String ROOT = "io/vigie/ops/elasticsearch/";

  /** Component templates first: index templates refer to them. */
  static final List<String> COMPONENTS = List.of("posts-mappings");

  static final List<String> INDEX_TEMPLATES = List.of("posts");

  private final String prefix;
  private final int replicas;

  public IndexTemplates(String prefix, int replicas) {
    this.prefix = prefix;
    this.replicas = replicas;
  }

  public void apply(ElasticsearchClient client) throws IOException {
    for (String component : COMPONENTS) {
      String body = render(component + ".component.json");
      client
          .cluster()
          .putComponentTemplate(r -> r.name(prefix + component).withJson(new StringReader(body)));
    }
    for (String template : INDEX_TEMPLATES) {
      String body = render(template + ".index-template.json");
      client
          .indices()
          .putIndexTemplate(r -> r.name(prefix + template).withJson(new StringReader(body)));
    }
    log.info(
        "Index templates installed: {}", INDEX_TEMPLATES.stream().map(t -> prefix + t).toList());
  }

  /** A template resource with its placeholders filled in. */
  String render(String resource) {
    try (InputStream in =
        IndexTemplates.class.getClassLoader().getResourceAsStream(ROOT + resource)) {
      if (in == null) {
        throw new IllegalStateException("Missing template resource " + ROOT + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .replace("\"${replicas}\"", Integer.toString(replicas))
          .replace("${prefix}", prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
