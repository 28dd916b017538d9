package io.vigie.indexer.privacy;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.Time;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Erases one author from what Vigie wrote to Elasticsearch: their posts are deleted, and the sample
 * posts quoted in signals and alerts that are theirs (by post id, or by handle) are removed from
 * those documents, which are written back without them.
 *
 * <p>Works on every cluster: documents are found with a point in time and {@code search_after} (no
 * {@code _delete_by_query} or {@code _update_by_query}, which the minimal distribution lacks), and
 * deleted or rewritten in bulk. A document rewritten concurrently by the indexer (a new alert
 * version) is rewritten again from the new version by running the erasure again.
 */
public final class AuthorErasure {

  /** What was erased. */
  public record Result(long postsDeleted, long documentsScrubbed, Set<String> handles) {}

  private static final Time KEEP_ALIVE = Time.of(t -> t.time("2m"));

  private final ElasticsearchClient client;
  private final String indexPrefix;
  private final int pageSize;

  public AuthorErasure(ElasticsearchClient client, String indexPrefix, int pageSize) {
    this.client = client;
    this.indexPrefix = indexPrefix;
    this.pageSize = pageSize;
  }

  /** Erases the author of id {@code authorId} (as posts carry it in {@code author.id}). */
  public Result erase(String authorId) throws IOException {
    Set<String> postIds = new HashSet<>();
    Set<String> handles = new HashSet<>();
    long[] deleted = {0};
    List<Hit<JsonNode>> page = new ArrayList<>();
    forEachHit(
        indexPrefix + "posts-*",
        Query.of(q -> q.term(t -> t.field("author.id").value(authorId))),
        hits -> {
          for (Hit<JsonNode> hit : hits) {
            postIds.add(hit.id());
            JsonNode handle = hit.source() == null ? null : hit.source().at("/author/handle");
            if (handle != null && handle.isTextual()) {
              handles.add(handle.asText());
            }
          }
          page.clear();
          page.addAll(hits);
          deleted[0] +=
              bulk(
                  b -> {
                    for (Hit<JsonNode> hit : page) {
                      b.operations(o -> o.delete(d -> d.index(hit.index()).id(hit.id())));
                    }
                  });
        });
    long scrubbed = 0;
    if (!postIds.isEmpty() || !handles.isEmpty()) {
      scrubbed = scrubSamples(postIds, handles);
    }
    client.indices().refresh(r -> r.index(indexPrefix + "*"));
    return new Result(deleted[0], scrubbed, Set.copyOf(handles));
  }

  /** Fields of signals and alerts that name a quoted post, or its author. */
  private static final List<String> POST_ID_FIELDS =
      List.of(
          "evidence.sample_post_ids",
          "evidence.sample_posts.key",
          "explanation.evidence.sample_post_ids",
          "explanation.evidence.sample_posts.key",
          "sample_posts.key");

  private static final List<String> HANDLE_FIELDS =
      List.of(
          "evidence.sample_posts.author_handle",
          "explanation.evidence.sample_posts.author_handle",
          "sample_posts.author_handle");

  /** Removes the author's sample posts from signals and alerts; returns the documents rewritten. */
  private long scrubSamples(Set<String> postIds, Set<String> handles) throws IOException {
    List<FieldValue> ids = postIds.stream().map(FieldValue::of).toList();
    List<FieldValue> names = handles.stream().map(FieldValue::of).toList();
    List<Query> any = new ArrayList<>();
    if (!ids.isEmpty()) {
      POST_ID_FIELDS.forEach(f -> any.add(terms(f, ids)));
    }
    if (!names.isEmpty()) {
      HANDLE_FIELDS.forEach(f -> any.add(terms(f, names)));
    }
    Query quoted = Query.of(q -> q.bool(b -> b.should(any).minimumShouldMatch("1")));
    long[] rewritten = {0};
    List<Hit<JsonNode>> page = new ArrayList<>();
    forEachHit(
        indexPrefix + "signals-*," + indexPrefix + "alerts-*",
        quoted,
        hits -> {
          page.clear();
          page.addAll(hits);
          rewritten[0] +=
              bulk(
                  b -> {
                    for (Hit<JsonNode> hit : page) {
                      ObjectNode source = (ObjectNode) hit.source();
                      if (source != null && scrub(source, postIds, handles)) {
                        b.operations(
                            o -> o.index(i -> i.index(hit.index()).id(hit.id()).document(source)));
                      }
                    }
                  });
        });
    return rewritten[0];
  }

  private static Query terms(String field, List<FieldValue> values) {
    return Query.of(q -> q.terms(t -> t.field(field).terms(v -> v.value(values))));
  }

  /**
   * Removes, anywhere in {@code node}, the author's entries from arrays named {@code sample_posts}
   * (by {@code key} or {@code author_handle}) and {@code sample_post_ids}; true if anything went.
   */
  static boolean scrub(JsonNode node, Set<String> postIds, Set<String> handles) {
    boolean changed = false;
    if (node.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        var field = fields.next();
        JsonNode value = field.getValue();
        if (value.isArray() && field.getKey().equals("sample_posts")) {
          changed |=
              removeIf(
                  (ArrayNode) value,
                  e ->
                      postIds.contains(e.path("key").asText())
                          || handles.contains(e.path("author_handle").asText()));
        } else if (value.isArray() && field.getKey().equals("sample_post_ids")) {
          changed |= removeIf((ArrayNode) value, e -> postIds.contains(e.asText()));
        } else {
          changed |= scrub(value, postIds, handles);
        }
      }
    } else if (node.isArray()) {
      for (JsonNode element : node) {
        changed |= scrub(element, postIds, handles);
      }
    }
    return changed;
  }

  private static boolean removeIf(ArrayNode array, Predicate<JsonNode> gone) {
    boolean changed = false;
    for (int i = array.size() - 1; i >= 0; i--) {
      if (gone.test(array.get(i))) {
        array.remove(i);
        changed = true;
      }
    }
    return changed;
  }

  /** Every hit of {@code query} over {@code indices}, a page at a time, under one point in time. */
  private void forEachHit(String indices, Query query, IOConsumer<List<Hit<JsonNode>>> each)
      throws IOException {
    String pit =
        client
            .openPointInTime(
                o ->
                    o.index(List.of(indices.split(",")))
                        .keepAlive(KEEP_ALIVE)
                        .ignoreUnavailable(true))
            .id();
    try {
      List<FieldValue> after = null;
      while (true) {
        List<FieldValue> from = after;
        SearchResponse<JsonNode> response =
            client.search(
                s -> {
                  s.pit(p -> p.id(pit).keepAlive(KEEP_ALIVE))
                      .query(query)
                      .size(pageSize)
                      .sort(o -> o.field(f -> f.field("_shard_doc")));
                  if (from != null) {
                    s.searchAfter(from);
                  }
                  return s;
                },
                JsonNode.class);
        List<Hit<JsonNode>> hits = response.hits().hits();
        if (hits.isEmpty()) {
          return;
        }
        each.accept(hits);
        after = hits.get(hits.size() - 1).sort();
      }
    } finally {
      client.closePointInTime(c -> c.id(pit));
    }
  }

  /** Sends one bulk request; returns how many operations succeeded, failing on any error. */
  private long bulk(Consumer<BulkRequest.Builder> operations) throws IOException {
    BulkRequest.Builder builder = new BulkRequest.Builder();
    operations.accept(builder);
    BulkRequest request = builder.build();
    if (request.operations().isEmpty()) {
      return 0;
    }
    BulkResponse response = client.bulk(request);
    long ok = 0;
    for (var item : response.items()) {
      if (item.error() != null) {
        throw new IOException(
            "erasing " + item.index() + "/" + item.id() + ": " + item.error().reason());
      }
      ok++;
    }
    return ok;
  }

  @FunctionalInterface
  private interface IOConsumer<T> {
    void accept(T value) throws IOException;
  }
}
