package io.vigie.indexer.setup;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.transport.TransportException;
import java.io.IOException;

/**
 * What the Elasticsearch cluster offers beyond the basics, asked at start-up rather than assumed: a
 * production cluster has the language analyzers and index lifecycle management, the minimal server
 * Vigie runs locally has neither.
 *
 * @param languageAnalyzers the {@code french} and {@code english} analyzers (analysis-common)
 * @param lifecycle index lifecycle management (ILM)
 */
public record ClusterCapabilities(boolean languageAnalyzers, boolean lifecycle) {

  public static ClusterCapabilities detect(ElasticsearchClient client) throws IOException {
    boolean analyzers =
        answers(
            () -> {
              client.indices().analyze(a -> a.analyzer("french").text("inondations"));
              client.indices().analyze(a -> a.analyzer("english").text("floods"));
            });
    boolean lifecycle = answers(() -> client.ilm().getStatus());
    return new ClusterCapabilities(analyzers, lifecycle);
  }

  /**
   * Whether the cluster has no index lifecycle management at all. Only an endpoint with no handler
   * (400, 404, 405) says so: a refusal for lack of privilege (a user without read_ilm), a busy or
   * failing cluster says nothing about it and is thrown, since deleting indices on that guess could
   * delete what the cluster's own policies manage.
   */
  public static boolean lacksLifecycle(ElasticsearchClient client) throws IOException {
    try {
      client.ilm().getStatus();
      return false;
    } catch (ElasticsearchException e) {
      if (noHandler(e.status())) {
        return true;
      }
      throw e;
    } catch (TransportException e) {
      if (noHandler(e.statusCode())) {
        return true;
      }
      throw e;
    }
  }

  private static boolean noHandler(int status) {
    return status == 400 || status == 404 || status == 405;
  }

  private interface Call {
    void run() throws IOException;
  }

  /**
   * Whether the cluster answers the call; a refusal (an unknown analyzer, an endpoint with no
   * handler) means it does not offer the feature. A connection failure is not an answer and is
   * thrown.
   */
  private static boolean answers(Call call) throws IOException {
    try {
      call.run();
      return true;
    } catch (ElasticsearchException e) {
      return false;
    } catch (TransportException e) {
      if (e.statusCode() >= 400 && e.statusCode() < 500) {
        return false; // an error body the client cannot read as one of its own: still a refusal
      }
      throw e;
    }
  }
}
