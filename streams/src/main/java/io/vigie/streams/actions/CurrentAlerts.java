package io.vigie.streams.actions;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The alerts people should see now, from the alerts indices: open or acknowledged incidents, and
 * those that ended within the last day; newest change first. Elasticsearch holds the latest version
 * of every incident, so any process can answer, restarted or not.
 */
public final class CurrentAlerts {

  private static final int LIMIT = 100;
  private static final Duration RECENTLY_ENDED = Duration.ofDays(1);

  private final ElasticsearchClient client;
  private final String pattern;

  public CurrentAlerts(ElasticsearchClient client, String indexPrefix) {
    this.client = client;
    this.pattern = indexPrefix + "alerts-*";
  }

  /** The current alerts, about {@code watchRule} only when given. */
  public List<JsonNode> current(Optional<String> watchRule, Instant now) throws IOException {
    List<Query> filters = new ArrayList<>();
    filters.add(
        Query.of(
            q ->
                q.bool(
                    b ->
                        b.should(
                                s ->
                                    s.terms(
                                        t ->
                                            t.field("status")
                                                .terms(
                                                    v ->
                                                        v.value(
                                                            List.of(
                                                                FieldValue.of("OPEN"),
                                                                FieldValue.of("ACKNOWLEDGED"))))))
                            .should(
                                s ->
                                    s.range(
                                        r ->
                                            r.date(
                                                d ->
                                                    d.field("updated_at")
                                                        .gte(
                                                            now.minus(RECENTLY_ENDED).toString()))))
                            .minimumShouldMatch("1"))));
    watchRule.ifPresent(
        rule -> filters.add(Query.of(q -> q.term(t -> t.field("watch_rule_ids").value(rule)))));
    return client
        .search(
            s ->
                s.index(pattern)
                    .allowNoIndices(true)
                    .ignoreUnavailable(true)
                    .size(LIMIT)
                    .query(q -> q.bool(b -> b.filter(filters)))
                    .sort(o -> o.field(f -> f.field("updated_at").order(SortOrder.Desc))),
            JsonNode.class)
        .hits()
        .hits()
        .stream()
        .map(Hit::source)
        .filter(Objects::nonNull)
        .toList();
  }
}
