package io.vigie.devtools.demo;

import static io.vigie.devtools.demo.DemoLines.MINUTE;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.JsonNode;
import io.vigie.app.Connections;
import io.vigie.app.Pipeline;
import io.vigie.indexer.elasticsearch.ElasticsearchClients;
import io.vigie.ingest.replay.TimeRebase;
import java.io.PrintWriter;
import java.time.Instant;

/**
 * What Elasticsearch holds at the end of the demo: how many of the published posts it indexed (and
 * how many the indexer dead-lettered), the incidents and signals beside them, and the first posts
 * matching the demo's query, at their original times.
 */
public final class DemoReport {

  private DemoReport() {}

  /** Prints the report on {@code out}, with the first posts matching {@code query}. */
  public static void print(
      Connections connections,
      Pipeline.Naming naming,
      Pipeline pipeline,
      long published,
      String query,
      PrintWriter out)
      throws Exception {
    ElasticsearchClient client = ElasticsearchClients.create(connections.elasticsearch());
    try {
      String pattern = naming.indexPrefix() + "posts-*";
      client.indices().refresh(r -> r.index(pattern));
      long count = client.count(c -> c.index(pattern)).count();
      long deadLettered = pipeline.indexer().map(i -> i.deadLettered()).orElse(0L);
      out.printf(DemoLines.HOLDS, count, published, pattern, deadLettered);
      String alerts = naming.indexPrefix() + "alerts-*";
      String signals = naming.indexPrefix() + "signals-*";
      client.indices().refresh(r -> r.index(alerts, signals));
      out.printf(
          DemoLines.ALSO_HOLDS,
          client.count(c -> c.index(alerts)).count(),
          alerts,
          client.count(c -> c.index(signals)).count(),
          signals);
      SearchResponse<JsonNode> hits =
          client.search(
              s ->
                  s.index(pattern)
                      .size(5)
                      .query(q -> q.match(m -> m.field("text").query(query)))
                      .sort(o -> o.field(f -> f.field("created_at").order(SortOrder.Asc))),
              JsonNode.class);
      out.printf(
          DemoLines.MATCHING, query, hits.hits().total() == null ? 0 : hits.hits().total().value());
      for (Hit<JsonNode> hit : hits.hits().hits()) {
        JsonNode doc = hit.source();
        String label = doc.at("/attributes/crisislex.label").asText("");
        out.printf(
            DemoLines.HIT,
            MINUTE.format(
                Instant.parse(
                    doc.at("/attributes/" + TimeRebase.ORIGINAL_TIME_ATTRIBUTE)
                        .asText(doc.get("created_at").asText()))),
            hit.id(),
            label,
            abbreviate(doc.get("text").asText(), 90));
      }
    } finally {
      client._transport().close();
    }
  }

  private static String abbreviate(String text, int max) {
    String flat = text.replaceAll("\\s+", " ").strip();
    return flat.length() <= max ? flat : flat.substring(0, max - 1) + "…";
  }
}
