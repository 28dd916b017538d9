package io.vigie.ops.watchdog;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.vigie.indexer.elasticsearch.ElasticsearchClients;
import io.vigie.ops.Connections;
import io.vigie.ops.Pipeline;
import io.vigie.ops.config.VigieConfig;
import io.vigie.ops.metrics.BackgroundProbes;
import io.vigie.ops.metrics.Health;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;

/**
 * A {@link Watchdog} running on a thread of its own, with the probes it reads (consumer lag of the
 * deployment's groups, Elasticsearch reachability) and the clients they use; closing it stops all.
 */
public final class RunningWatchdog implements AutoCloseable {

  private final Admin admin;
  private final ElasticsearchClient elasticsearch;
  private final BackgroundProbes probes;
  private final Watchdog watchdog;
  private final Thread thread;

  private RunningWatchdog(
      Admin admin, ElasticsearchClient elasticsearch, BackgroundProbes probes, Watchdog watchdog) {
    this.admin = admin;
    this.elasticsearch = elasticsearch;
    this.probes = probes;
    this.watchdog = watchdog;
    this.thread = new Thread(watchdog, "vigie-watchdog");
    thread.setDaemon(true);
  }

  /**
   * Starts watching the deployment named {@code naming}, with the configured thresholds; its meters
   * and its probes' go to {@code registry}.
   */
  public static RunningWatchdog start(
      VigieConfig config,
      Connections connections,
      Pipeline.Naming naming,
      PipelineWatch.Settings settings,
      Duration interval,
      MeterRegistry registry,
      Clock clock) {
    Admin admin = Admin.create(connections.kafka());
    ElasticsearchClient elasticsearch = ElasticsearchClients.create(connections.elasticsearch());
    Map<String, List<String>> groups =
        naming.consumerGroups(config.string(VigieConfig.ALERTS_GROUP_ID));
    BackgroundProbes probes =
        new BackgroundProbes(admin, groups, Optional.of(elasticsearch), interval, registry, clock);
    Watchdog watchdog =
        new Watchdog(
            new PipelineWatch(settings),
            naming.topics(),
            connections.kafka(),
            probes,
            List.copyOf(groups.keySet()),
            interval,
            registry,
            clock);
    RunningWatchdog running = new RunningWatchdog(admin, elasticsearch, probes, watchdog);
    running.thread.start();
    return running;
  }

  /** Adds readiness on Elasticsearch's last answer, and liveness of the watchdog thread. */
  public Health addChecks(Health health) {
    probes.addChecks(health);
    return health.add(
        Health.Kind.LIVENESS,
        () ->
            new Health.Check(
                "watchdog-alive",
                thread.isAlive(),
                thread.isAlive()
                    ? watchdog.published() + " operational alert versions published"
                    : "the watchdog thread stopped"));
  }

  @Override
  public void close() throws IOException, InterruptedException {
    watchdog.close();
    thread.join(Duration.ofSeconds(10).toMillis());
    probes.close();
    admin.close();
    elasticsearch._transport().close();
  }
}
