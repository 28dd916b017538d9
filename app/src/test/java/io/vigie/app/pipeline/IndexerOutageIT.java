package io.vigie.app.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.vigie.app.Connections;
import io.vigie.app.Pipeline;
import io.vigie.app.config.VigieConfig;
import io.vigie.app.testing.EnrichedPosts;
import io.vigie.app.testing.TestConfig;
import io.vigie.core.health.ConsumerLag;
import io.vigie.indexer.elasticsearch.ElasticsearchClients;
import io.vigie.localstack.LocalStack;
import io.vigie.testkit.RealServers;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Elasticsearch stopped while posts keep coming: once it is back, every post is indexed, none
 * dead-lettered, none lost. Twenty seconds away is enough for several failed rounds and backed-off
 * retries; {@code vigie faults --only elasticsearch-outage} keeps it away a minute by default. A
 * stack of its own, since its Elasticsearch is stopped.
 */
class IndexerOutageIT {

  private final VigieConfig config = TestConfig.config();
  @TempDir Path stateDir;

  @Test
  void noPostIsLostWhileElasticsearchIsAway() throws Exception {
    try (LocalStack stack = RealServers.dedicated("es-outage")) {
      Connections connections = Connections.of(config, Optional.of(stack));
      Pipeline.Naming naming =
          Pipeline.Naming.from(config)
              .isolated("out" + UUID.randomUUID().toString().substring(0, 8), stateDir);
      Pipeline.setup(connections, config, naming, 0);
      String index = naming.indexPrefix() + "posts-2013.04";
      try (Pipeline pipeline =
          Pipeline.start(
              connections, config, naming, Clock.systemUTC(), EnumSet.of(Pipeline.Part.INDEXER))) {
        EnrichedPosts.publish(connections, naming, "o", 0, 200);
        awaitCount(connections, index, 200);

        stack.elasticsearch().orElseThrow().close();
        EnrichedPosts.publish(connections, naming, "o", 200, 300);
        Thread.sleep(Duration.ofSeconds(20).toMillis());
        stack.restartElasticsearch();

        awaitCount(connections, index, 500);
        try (Admin admin = Admin.create(connections.kafka())) {
          await()
              .atMost(Duration.ofSeconds(60))
              .untilAsserted(
                  () ->
                      assertThat(
                              ConsumerLag.of(
                                  admin,
                                  naming.indexerGroupId(),
                                  List.of(naming.topics().enrichedPosts().name())))
                          .isZero());
        }
        assertThat(pipeline.indexer().orElseThrow().deadLettered()).isZero();
        assertThat(pipeline.indexer().orElseThrow().retries()).isPositive();
        assertThat(pipeline.indexerRunning()).isTrue();
      } finally {
        stack.deleteData();
      }
    }
  }

  private static void awaitCount(Connections connections, String index, long expected) {
    ElasticsearchClient client = ElasticsearchClients.create(connections.elasticsearch());
    try {
      await()
          .atMost(Duration.ofSeconds(180))
          .pollInterval(Duration.ofSeconds(1))
          .ignoreExceptions()
          .untilAsserted(
              () -> {
                client.indices().refresh(r -> r.index(index));
                assertThat(client.count(c -> c.index(index)).count()).isEqualTo(expected);
              });
    } finally {
      try {
        client._transport().close();
      } catch (java.io.IOException e) {
        // closing a client of a server that went away
      }
    }
  }
}
