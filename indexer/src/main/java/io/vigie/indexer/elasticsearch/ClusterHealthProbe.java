package io.vigie.indexer.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.HealthStatus;
import io.vigie.core.health.ElasticsearchProbe;
import java.io.IOException;

/** Asks Elasticsearch for its cluster health, waiting 5 s at most: a red cluster cannot serve. */
public final class ClusterHealthProbe implements ElasticsearchProbe {

  private final ElasticsearchClient client;

  public ClusterHealthProbe(ElasticsearchClient client) {
    this.client = client;
  }

  @Override
  public Answer ask() throws IOException {
    HealthStatus status = client.cluster().health(h -> h.timeout(t -> t.time("5s"))).status();
    return new Answer(status != HealthStatus.Red, "cluster health " + status);
  }
}
