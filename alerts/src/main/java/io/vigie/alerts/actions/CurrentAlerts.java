package io.vigie.alerts.actions;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.JsonNode;
import io.vigie.alerts.dispatch.AlertRoute;
import io.vigie.schema.Severity;
import io.vigie.schema.SignalKind;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The alerts people should see now, from the alerts indices: open or acknowledged incidents, and
 * those that ended within the last day; newest change first. Elasticsearch holds the latest version
 * of every incident, so any process can answer, restarted or not.
 */
public final class CurrentAlerts {

  /**
   * Which alerts a feed shows: about some watch rules, of some kinds (empty sets mean all), from a
   * severity up.
   */
  public record Scope(Set<String> watchRules, Set<SignalKind> kinds, Severity minSeverity) {
    public Scope {
      watchRules = Set.copyOf(watchRules);
      kinds = Set.copyOf(kinds);
      Objects.requireNonNull(minSeverity, "minSeverity");
    }

    /** Every current alert. */
    public static Scope all() {
      return new Scope(Set.of(), Set.of(), Severity.UNKNOWN);
    }

    /** The alerts about one watch rule. */
    public static Scope watchRule(String rule) {
      return new Scope(Set.of(rule), Set.of(), Severity.UNKNOWN);
    }

    /** The alerts a route covers at or above its severity: what it pages, whatever the hour. */
    public static Scope route(AlertRoute route) {
      return new Scope(route.watchRules(), route.kinds(), route.minSeverity());
    }
  }

  private static final int LIMIT = 100;
  private static final Duration RECENTLY_ENDED = Duration.ofDays(1);

  private static final List<FieldValue> OPEN =
      List.of(FieldValue.of("OPEN"), FieldValue.of("ACKNOWLEDGED"));

  private final ElasticsearchClient client;
  private final String pattern;

  public CurrentAlerts(ElasticsearchClient client, String indexPrefix) {
    this.client = client;
    this.pattern = indexPrefix + "alerts-*";
  }

  /** The current alerts within the scope, newest change first. */
  public List<JsonNode> current(Scope scope, Instant now) throws IOException {
    List<Query> filters = new ArrayList<>();
    filters.add(
        Query.of(
            q ->
                q.bool(
                    b ->
                        b.should(s -> s.terms(t -> t.field("status").terms(v -> v.value(OPEN))))
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
    if (!scope.watchRules().isEmpty()) {
      filters.add(terms("watch_rule_ids", scope.watchRules().stream().sorted().toList()));
    }
    if (!scope.kinds().isEmpty()) {
      filters.add(terms("kind", scope.kinds().stream().map(Enum::name).sorted().toList()));
    }
    if (scope.minSeverity() != Severity.UNKNOWN) {
      filters.add(
          terms(
              "severity",
              Arrays.stream(Severity.values())
                  .filter(s -> s.ordinal() >= scope.minSeverity().ordinal())
                  .map(Enum::name)
                  .toList()));
    }
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

  private static Query terms(String field, List<String> values) {
    List<FieldValue> any = values.stream().map(FieldValue::of).toList();
    return Query.of(q -> q.terms(t -> t.field(field).terms(v -> v.value(any))));
  }
}
