package io.vigie.indexer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.vigie.core.health.ConsumerLag;
import io.vigie.indexer.elasticsearch.ElasticsearchClients;
import io.vigie.indexer.testing.EnrichedPosts;
import io.vigie.indexer.testing.IsolatedIndexer;
import io.vigie.localstack.LocalStack;
import io.vigie.testkit.RealServers;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

/**
 * Elasticsearch stopped while posts keep coming: once it is back, every post is indexed, none
 * dead-lettered, none lost. Twenty seconds away is enough for several failed rounds and backed-off
 * retries; {@code vigie faults --only elasticsearch-outage} keeps it away a minute by default. A
 * stack of its own, since its Elasticsearch is stopped.
 */
class IndexerOutageIT {

  @Test
  void noPostIsLostWhileElasticsearchIsAway() throws Exception {
    try (LocalStack stack = RealServers.dedicated("es-outage")) {
      IsolatedIndexer run = IsolatedIndexer.on(stack, "out");
      run.setup();
      String index = run.indexPrefix() + "posts-2013.04";
      try (IndexerProcess indexer = run.start()) {
        EnrichedPosts.publish(
            run.kafka(), run.topics().enrichedPosts(), EnrichedPosts.marathon("o", 0, 200));
        awaitCount(run, index, 200);

        stack.elasticsearch().orElseThrow().close();
        EnrichedPosts.publish(
            run.kafka(), run.topics().enrichedPosts(), EnrichedPosts.marathon("o", 200, 300));
        Thread.sleep(Duration.ofSeconds(20).toMillis());
        stack.restartElasticsearch();

        awaitCount(run, index, 500);
        try (Admin admin = Admin.create(run.kafka())) {
          await()
              .atMost(Duration.ofSeconds(60))
              .untilAsserted(
                  () ->
                      assertThat(
                              ConsumerLag.of(
                                  admin,
                                  run.groupId(),
                                  List.of(run.topics().enrichedPosts().name())))
                          .isZero());
        }
        assertThat(indexer.indexer().deadLettered()).isZero();
        assertThat(indexer.indexer().retries()).isPositive();
        assertThat(indexer.running()).isTrue();
      } finally {
        stack.deleteData();
      }
    }
  }

  private static void awaitCount(IsolatedIndexer run, String index, long expected) {
    ElasticsearchClient client = ElasticsearchClients.create(run.elasticsearch());
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
      } catch (IOException e) {
        // closing a client of a server that went away
      }
    }
  }
}
