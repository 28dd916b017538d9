package io.vigie.alerts.watchdog;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.vigie.core.health.BackgroundProbes;
import io.vigie.core.health.Health;
import io.vigie.indexer.elasticsearch.ClusterHealthProbe;
import io.vigie.indexer.elasticsearch.ElasticsearchClients;
import io.vigie.indexer.elasticsearch.ElasticsearchSettings;
import io.vigie.schema.VigieTopics;
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
   * Starts watching the deployment whose topics are {@code topics}, on the Kafka cluster of {@code
   * kafka} and the Elasticsearch cluster of {@code elasticsearchSettings}: the lag of each of
   * {@code groups} over its topics, with the thresholds of {@code settings}. Its meters and its
   * probes' go to {@code registry}.
   */
  public static RunningWatchdog start(
      Map<String, Object> kafka,
      ElasticsearchSettings elasticsearchSettings,
      VigieTopics topics,
      Map<String, List<String>> groups,
      PipelineWatch.Settings settings,
      Duration interval,
      MeterRegistry registry,
      Clock clock) {
    Admin admin = Admin.create(kafka);
    ElasticsearchClient elasticsearch = ElasticsearchClients.create(elasticsearchSettings);
    BackgroundProbes probes =
        new BackgroundProbes(
            admin,
            groups,
            Optional.of(new ClusterHealthProbe(elasticsearch)),
            interval,
            registry,
            clock);
    Watchdog watchdog =
        new Watchdog(
            new PipelineWatch(settings),
            topics,
            kafka,
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
