package io.vigie.devtools.faults;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.vigie.app.Pipeline;
import io.vigie.indexer.Indexer;
import io.vigie.indexer.elasticsearch.ElasticsearchClients;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;

/**
 * Elasticsearch stopped while posts are being indexed: the indexer must hold its offsets and retry,
 * so that once the node is back every post is a document, each exactly once.
 */
final class IndexingFaults {

  private final FaultSuite suite;

  IndexingFaults(FaultSuite suite) {
    this.suite = suite;
  }

  FaultReport.Row outage(Duration outage) throws Exception {
    FaultRun run = suite.run("elasticsearch", Map.of());
    try (Admin admin = Admin.create(run.kafka());
        OutputWatch watch = new OutputWatch(run.kafka(), run.naming);
        Pipeline pipeline =
            Pipeline.start(
                run.connections,
                run.config,
                run.naming,
                Clock.systemUTC(),
                EnumSet.allOf(Pipeline.Part.class))) {
      LedgerWriter writer = suite.writer(run);
      Thread.sleep(15_000);
      suite.stack().elasticsearch().orElseThrow().close();
      suite.say("  Elasticsearch stopped for %s", outage);
      Thread.sleep(outage.toMillis());
      suite.stack().restartElasticsearch();
      long back = System.nanoTime();
      List<String> indexed = List.of(run.naming.topics().enrichedPosts().name());
      FaultRun.awaitNoLag(admin, run.naming.indexerGroupId(), indexed, FaultSuite.CATCH_UP);
      Duration caughtUp = Duration.ofNanos(System.nanoTime() - back);
      suite.say(
          "  indexer caught up %.1f s after Elasticsearch was back", caughtUp.toMillis() / 1e3);
      Indexer indexer = pipeline.indexer().orElseThrow();
      ElasticsearchClient client = ElasticsearchClients.create(run.connections.elasticsearch());
      try {
        FaultSuite.Finish finish = suite.finish(run, writer, watch, admin, client);
        boolean running = pipeline.indexerRunning() && indexer.deadLettered() == 0;
        return new FaultReport.Row(
            "Elasticsearch stopped for " + outage.toSeconds() + " s during indexing",
            1,
            finish.outcome(),
            List.of(caughtUp),
            finish.alertAfterSilenceMs(),
            String.format(
                Locale.ROOT,
                "recovery: until the indexer's lag was 0 once the node was back; %,d bulk retries,"
                    + " %d dead letters",
                indexer.retries(),
                indexer.deadLettered()),
            running);
      } finally {
        client._transport().close();
      }
    }
  }
}
