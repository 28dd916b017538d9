package io.vigie.app.cli;

import io.micrometer.core.instrument.Metrics;
import io.vigie.app.Connections;
import io.vigie.app.Pipeline;
import io.vigie.app.config.VigieConfig;
import io.vigie.app.metrics.MetricsEndpoint;
import io.vigie.core.health.BackgroundProbes;
import io.vigie.core.health.Health;
import io.vigie.indexer.IndexerProcess;
import io.vigie.indexer.elasticsearch.ClusterHealthProbe;
import io.vigie.indexer.elasticsearch.ElasticsearchClients;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;

/** {@code vigie index}: the Elasticsearch indexer, until stopped. */
@Command(
    name = "index",
    mixinStandardHelpOptions = true,
    description =
        "Run the Elasticsearch indexer until stopped (Ctrl-C or SIGTERM), deleting indices past their retention every elasticsearch.retention-sweep-minutes where the cluster has no index lifecycle management. Metrics and health on metrics.port when set.")
public final class IndexCommand extends VigieCommand {

  /** A service, run until stopped: logs on its console, which its container or manager keeps. */
  @Override
  protected Logs.Default defaultLogs() {
    return Logs.Default.CONSOLE;
  }

  @Override
  public Integer call() throws Exception {
    var config = config();
    Connections connections = Connections.resolve(config);
    Pipeline.Naming naming = Pipeline.Naming.from(config);
    Health health = new Health();
    var probeClient = ElasticsearchClients.create(connections.elasticsearch());
    try (MetricsEndpoint metrics = metrics("indexer", health);
        Admin admin = Admin.create(connections.kafka());
        BackgroundProbes probes =
            new BackgroundProbes(
                admin,
                Map.of(
                    naming.indexerGroupId(),
                    List.of(
                        naming.topics().enrichedPosts().name(),
                        naming.topics().signals().name(),
                        naming.topics().alerts().name(),
                        naming.topics().alertActions().name())),
                Optional.of(new ClusterHealthProbe(probeClient)),
                Duration.ofSeconds(15),
                Metrics.globalRegistry,
                Clock.systemUTC())) {
      int sweepMinutes = config.integer(VigieConfig.ES_RETENTION_SWEEP_MINUTES);
      IndexerProcess process =
          Pipeline.indexer(
              connections,
              config,
              naming,
              sweepMinutes == 0 ? Optional.empty() : Optional.of(Duration.ofMinutes(sweepMinutes)),
              Clock.systemUTC());
      process.start();
      process.health(health);
      probes.addChecks(health);
      out().println("Indexing into " + connections.elasticsearch().hosts() + "; stop with Ctrl-C.");
      out().flush();
      RunUntilStopped.await(process);
    } finally {
      probeClient._transport().close();
    }
    return ExitCode.OK.code();
  }
}
