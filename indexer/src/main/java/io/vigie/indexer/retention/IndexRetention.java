package io.vigie.indexer.retention;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.ExpandWildcard;
import co.elastic.clients.elasticsearch.indices.IndexSettings;
import io.vigie.indexer.setup.ClusterCapabilities;
import io.vigie.indexer.setup.IndexTemplates;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes Vigie's indices past their retention ({@link ExpiredIndices}) on a cluster without index
 * lifecycle management; where the cluster has it, the policies {@code vigie setup} installs do the
 * same and this deletes nothing. Reads the indices' creation dates and lifecycle settings, deletes
 * whole indices (never documents), and logs every deletion. Safe to run from several processes at
 * once: an index another one deleted first counts as deleted.
 */
public final class IndexRetention {

  private static final Logger log = LoggerFactory.getLogger(IndexRetention.class);

  /**
   * What one pass did.
   *
   * @param lifecycle whether the cluster's index lifecycle management applies the retention (then
   *     nothing is deleted here)
   * @param expired the indices past their retention: deleted, or only listed in a dry run
   * @param kept how many of Vigie's indices are within their retention (or managed by a policy)
   */
  public record Report(boolean lifecycle, List<ExpiredIndices.Expired> expired, int kept) {}

  private final ElasticsearchClient client;
  private final ExpiredIndices rule;
  private final Clock clock;

  public IndexRetention(
      ElasticsearchClient client, String prefix, IndexTemplates.Retention retention, Clock clock) {
    this.client = client;
    this.rule = new ExpiredIndices(prefix, retention);
    this.clock = clock;
  }

  /** Deletes the expired indices, or with {@code dryRun} only lists them. */
  public Report apply(boolean dryRun) throws IOException {
    if (!ClusterCapabilities.lacksLifecycle(client)) {
      return new Report(true, List.of(), 0);
    }
    List<ExpiredIndices.Index> indices = indices();
    List<ExpiredIndices.Expired> expired = rule.among(indices, clock.instant());
    if (!dryRun) {
      for (ExpiredIndices.Expired index : expired) {
        delete(index);
      }
    }
    return new Report(false, expired, indices.size() - expired.size());
  }

  private List<ExpiredIndices.Index> indices() throws IOException {
    var settings =
        client
            .indices()
            .getSettings(
                g ->
                    g.index(rule.patterns())
                        .expandWildcards(ExpandWildcard.Open, ExpandWildcard.Closed)
                        .allowNoIndices(true)
                        .ignoreUnavailable(true));
    List<ExpiredIndices.Index> indices = new ArrayList<>();
    settings
        .settings()
        .forEach(
            (name, state) -> {
              IndexSettings index =
                  state.settings().index() != null ? state.settings().index() : state.settings();
              // A policy set on the index itself (or by a template) means the cluster deletes it;
              // it also keeps Vigie's hands off when the cluster hides its lifecycle support from
              // a user without ILM privileges.
              boolean managed = index.lifecycle() != null && index.lifecycle().name() != null;
              indices.add(
                  new ExpiredIndices.Index(
                      name, Instant.ofEpochMilli(index.creationDate()), managed));
            });
    return indices;
  }

  private void delete(ExpiredIndices.Expired index) throws IOException {
    try {
      client.indices().delete(d -> d.index(index.index()));
      log.info(
          "Deleted index {}: {} of {}, created {}, past its retention of {} days",
          index.index(),
          index.kind(),
          index.month(),
          index.created(),
          index.retention().toDays());
    } catch (ElasticsearchException e) {
      if (e.status() != 404) {
        throw e;
      }
      log.info("Index {} past its retention was already deleted", index.index());
    }
  }
}
