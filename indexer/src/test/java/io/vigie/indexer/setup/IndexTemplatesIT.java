package io.vigie.indexer.setup;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.vigie.indexer.elasticsearch.ElasticsearchClients;
import io.vigie.indexer.elasticsearch.ElasticsearchSettings;
import io.vigie.localstack.LocalStack;
import io.vigie.testkit.RealServers;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The templates against the real (minimal) Elasticsearch server, which has no extras. */
@ExtendWith(RealServers.class)
class IndexTemplatesIT {

  /** The elasticsearch.*-retention-days defaults. */
  private static final IndexTemplates.Retention DEFAULT_RETENTION =
      new IndexTemplates.Retention(Duration.ofDays(90), Duration.ofDays(365), Duration.ofDays(365));

  @Test
  void shouldDetectWhatTheMinimalServerLacksAndStillInstallEveryTemplate(LocalStack stack)
      throws Exception {
    ElasticsearchClient client =
        ElasticsearchClients.create(
            ElasticsearchSettings.local(stack.elasticsearchUrl().orElseThrow()));
    String prefix = "tpl" + UUID.randomUUID().toString().substring(0, 6) + "-";
    try {
      ClusterCapabilities cluster = new IndexTemplates(prefix, 0, DEFAULT_RETENTION).apply(client);

      assertThat(cluster).isEqualTo(new ClusterCapabilities(false, false));
      for (String template : IndexTemplates.INDEX_TEMPLATES) {
        var installed =
            client.indices().getIndexTemplate(g -> g.name(prefix + template)).indexTemplates();
        assertThat(installed).hasSize(1);
        assertThat(installed.get(0).indexTemplate().composedOf())
            .containsExactly(prefix + template + "-mappings");
      }
      // An index created from the template takes its strict mapping.
      client.indices().create(c -> c.index(prefix + "alerts-2013.04"));
      var mapping = client.indices().getMapping(m -> m.index(prefix + "alerts-2013.04"));
      assertThat(mapping.get(prefix + "alerts-2013.04").mappings().properties())
          .containsKeys("severity", "explanation", "first_seen");
    } finally {
      client._transport().close();
    }
  }
}
