package io.vigie.alerts.console;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.FieldDateMath;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigie.schema.SubjectKey;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The console's views built from Elasticsearch: an incident's history (the alert-actions indices),
 * the subjects a volume chart can show, and a subject's volume with its expected band and episodes
 * ({@link VolumeSeries} over the posts indices' date histogram). Indices that do not exist yet read
 * as empty.
 */
final class ElasticsearchViews {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration LONGEST_SPAN = Duration.ofDays(14);

  private final ElasticsearchClient elasticsearch;
  private final String postsPattern;
  private final String actionsPattern;
  private final Clock clock;

  ElasticsearchViews(ElasticsearchClient elasticsearch, String indexPrefix, Clock clock) {
    this.elasticsearch = elasticsearch;
    this.postsPattern = indexPrefix + "posts-*";
    this.actionsPattern = indexPrefix + "alert-actions-*";
    this.clock = clock;
  }

  /** The people's actions on one incident, oldest first, from the alert-actions indices. */
  JsonNode history(String id) throws IOException {
    ArrayNode list = JSON.createArrayNode();
    elasticsearch
        .search(
            s ->
                s.index(actionsPattern)
                    .allowNoIndices(true)
                    .ignoreUnavailable(true)
                    .size(200)
                    .query(q -> q.term(t -> t.field("alert_id").value(FieldValue.of(id))))
                    .sort(o -> o.field(f -> f.field("acted_at").order(SortOrder.Asc))),
            JsonNode.class)
        .hits()
        .hits()
        .forEach(hit -> list.add(hit.source()));
    return list;
  }

  /** What a volume chart can show: all posts, crisis vocabulary, and the watch rules with posts. */
  JsonNode subjects() throws IOException {
    ArrayNode list = JSON.createArrayNode();
    list.addObject().put("key", SubjectKey.GLOBAL).put("label", "All posts");
    list.addObject().put("key", SubjectKey.CRISIS).put("label", "Crisis vocabulary");
    var response =
        elasticsearch.search(
            s ->
                posts(s)
                    .aggregations("rules", a -> a.terms(t -> t.field("watch_rule_ids").size(50))),
            Void.class);
    Aggregate rules = response.aggregations().get("rules");
    if (rules != null) {
      for (var bucket : rules.sterms().buckets().array()) {
        String rule = bucket.key().stringValue();
        list.addObject()
            .put("key", SubjectKey.rule(rule))
            .put("label", "Watch rule " + rule + " (" + bucket.docCount() + " posts)");
      }
    }
    return list;
  }

  /** A search of the posts indices that may not exist yet, for aggregations only. */
  private SearchRequest.Builder posts(SearchRequest.Builder search) {
    return search.index(postsPattern).allowNoIndices(true).ignoreUnavailable(true).size(0);
  }

  private static Query filter(String subject) {
    String rule = SubjectKey.ruleOf(subject);
    if (subject.equals(SubjectKey.CRISIS)) {
      return Query.of(q -> q.exists(e -> e.field("crisis_terms")));
    } else if (rule != null) {
      return Query.of(q -> q.term(t -> t.field("watch_rule_ids").value(FieldValue.of(rule))));
    }
    return Query.of(q -> q.matchAll(m -> m));
  }

  /**
   * The subject's posts over their last 14 days at most, bucketed, with expectation and episodes.
   */
  JsonNode volume(String subject) throws IOException {
    Query filter = filter(subject);
    var extent =
        elasticsearch.search(
            s ->
                posts(s)
                    .query(filter)
                    .aggregations("first", a -> a.min(m -> m.field("created_at")))
                    .aggregations("last", a -> a.max(m -> m.field("created_at"))),
            Void.class);
    ObjectNode result = JSON.createObjectNode().put("subject", subject);
    ArrayNode points = result.putArray("points");
    Double first = extent.aggregations().get("first").min().value();
    Double last = extent.aggregations().get("last").max().value();
    if (first == null || last == null || first.isInfinite() || last.isInfinite()) {
      return result.put("width_s", 0);
    }
    Instant end = Instant.ofEpochMilli(last.longValue());
    Instant start = Instant.ofEpochMilli(first.longValue());
    if (start.isBefore(end.minus(LONGEST_SPAN))) {
      start = end.minus(LONGEST_SPAN);
    }
    Duration width = VolumeSeries.widthFor(Duration.between(start, end));
    Instant from = Instant.ofEpochMilli(start.toEpochMilli() / width.toMillis() * width.toMillis());
    Instant to = end;
    var histogram =
        elasticsearch.search(
            s ->
                posts(s)
                    .query(
                        q ->
                            q.bool(
                                b ->
                                    b.filter(filter)
                                        .filter(
                                            f ->
                                                f.range(
                                                    r ->
                                                        r.date(
                                                            d ->
                                                                d.field("created_at")
                                                                    .gte(from.toString())
                                                                    .lte(to.toString()))))))
                    .aggregations(
                        "volume",
                        a ->
                            a.dateHistogram(
                                h ->
                                    h.field("created_at")
                                        .fixedInterval(i -> i.time(width.toSeconds() + "s"))
                                        .minDocCount(0)
                                        .extendedBounds(
                                            e ->
                                                e.min(
                                                        FieldDateMath.of(
                                                            m ->
                                                                m.value(
                                                                    (double) from.toEpochMilli())))
                                                    .max(
                                                        FieldDateMath.of(
                                                            m ->
                                                                m.value(
                                                                    (double)
                                                                        to.toEpochMilli())))))),
            Void.class);
    Map<Long, Long> counts = new HashMap<>();
    for (var bucket : histogram.aggregations().get("volume").dateHistogram().buckets().array()) {
      counts.put(bucket.key(), bucket.docCount());
    }
    List<Long> series = new ArrayList<>();
    for (Instant at = from; !at.isAfter(to); at = at.plus(width)) {
      series.add(counts.getOrDefault(at.toEpochMilli(), 0L));
    }
    for (VolumeSeries.Point point : VolumeSeries.of(from, width, series)) {
      points
          .addObject()
          .put("at", point.at().toString())
          .put("observed", point.observed())
          .put("expected", round(point.expected()))
          .put("low", round(point.low()))
          .put("high", round(point.high()))
          .put("episode", point.episode());
    }
    return result.put("width_s", width.toSeconds()).put("as_of", clock.instant().toString());
  }

  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }
}
