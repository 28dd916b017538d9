package io.vigie.devtools.demo;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.vigie.alerts.AlertFeed;
import io.vigie.alerts.AlertPrinter;
import io.vigie.alerts.console.ConsoleServer;
import io.vigie.alerts.console.IncidentBoard;
import io.vigie.app.Connections;
import io.vigie.app.Pipeline;
import io.vigie.app.cli.RunUntilStopped;
import io.vigie.app.config.VigieConfig;
import io.vigie.app.watch.WatchRules;
import io.vigie.core.health.Health;
import io.vigie.core.http.ApiTokens;
import io.vigie.core.http.Ports;
import io.vigie.devtools.DemoWatchRules;
import io.vigie.devtools.stack.StackSpecs;
import io.vigie.indexer.elasticsearch.ElasticsearchClients;
import io.vigie.localstack.LocalStack;
import io.vigie.schema.WatchRule;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * One run of the demo: starts a fresh local stack (or uses the configured clusters, with topic,
 * application and index names of the run's own), creates topics and templates, installs the demo's
 * watch rules, runs the topologies, the indexer and a read-only console, replays the samples,
 * prints incidents as they open, waits until every post is processed, and shows what Elasticsearch
 * finds. Prints the {@link DemoLines} on {@code out}, the progress bar on {@code err}.
 */
public final class DemoRun {

  /** Retention of the demo's topics: longer than the samples' 11 days, which end now. */
  private static final Duration DEMO_RETENTION = Duration.ofDays(30);

  private final VigieConfig config;
  private final PrintWriter out;
  private final PrintWriter err;
  private final MeterRegistry registry;

  /** A run with {@code config}, its publisher counting in {@code registry}. */
  public DemoRun(VigieConfig config, PrintWriter out, PrintWriter err, MeterRegistry registry) {
    this.config = config;
    this.out = out;
    this.err = err;
    this.registry = registry;
  }

  /**
   * Runs the demo, timed from {@code started} ({@link System#nanoTime()}), ending with the first
   * posts matching {@code query}; with {@code keepRunning}, the stack and the pipeline run on until
   * the process is stopped.
   */
  public void run(long started, String query, boolean keepRunning) throws Exception {
    boolean external = config.hasExternalKafka() || config.hasExternalElasticsearch();
    LocalStack.Spec spec = StackSpecs.from(config, "demo");
    out.printf(
        DemoLines.STARTING,
        (config.hasExternalKafka() ? "" : "a local Kafka broker ")
            + (config.hasExternalElasticsearch() ? "" : "and Elasticsearch node "));
    out.flush();
    LocalStack stack = LocalStack.start(spec, true);
    try {
      Connections connections = Connections.of(config, Optional.of(stack));
      Pipeline.Naming naming = naming(spec, external);
      out.printf(DemoLines.STACK_READY, seconds(started), stack.describe());
      Pipeline.setup(
          connections,
          config,
          naming,
          config.hasExternalElasticsearch() ? config.integer(VigieConfig.ES_REPLICAS) : 0,
          DEMO_RETENTION);
      DemoSamples samples = DemoSamples.read(out);
      installWatchRules(connections, naming);
      AlertPrinter printer = new AlertPrinter(out, samples.backToOriginal(), true);
      IncidentBoard board = new IncidentBoard();
      // The progress bar, on stderr; incidents print on stdout, to the same terminal.
      StatusLine status = new StatusLine(err);
      ElasticsearchClient consoleClient = ElasticsearchClients.create(connections.elasticsearch());
      try (Pipeline pipeline = Pipeline.start(connections, config, naming, Clock.systemUTC());
          AlertFeed alerts =
              AlertFeed.start(
                  connections.kafka(),
                  naming.topics().alerts(),
                  alert -> {
                    status.clearFor(() -> printer.print(alert));
                    board.accept(alert);
                  });
          ConsoleServer console =
              ConsoleServer.start(
                  config.string(VigieConfig.CONSOLE_HOST),
                  Ports.choose(
                      config.integer(VigieConfig.CONSOLE_PORT),
                      "the console",
                      VigieConfig.CONSOLE_PORT),
                  board,
                  consoleClient,
                  naming.indexPrefix(),
                  Optional.empty(), // no alert API in the demo: a read-only console
                  ApiTokens.parse(config.secrets(VigieConfig.API_TOKENS)),
                  pipeline.addChecks(new Health()),
                  Clock.systemUTC())) {
        out.printf(DemoLines.CONSOLE, config.string(VigieConfig.CONSOLE_HOST), console.port());
        pipeline
            .queries()
            .ifPresent(
                queries -> out.printf(DemoLines.DETECTOR_STATE, queries.applicationServer()));
        out.flush();
        long published = DemoReplay.publish(connections, naming, samples, registry, out);
        try {
          PipelineCatchUp.await(connections, naming, published, status);
        } finally {
          status.end();
        }
        Thread.sleep(1_000); // the last alerts on their way to the terminal
        out.printf(DemoLines.INCIDENTS, alerts.incidents());
        DemoReport.print(connections, naming, pipeline, published, query, out);
        out.printf(DemoLines.FINISHED, seconds(started));
        out.flush();
        if (keepRunning) {
          out.println(
              "Still running - Kafka "
                  + connections.kafka().get("bootstrap.servers")
                  + ", Elasticsearch "
                  + connections.elasticsearch().hosts()
                  + ". Ctrl-C to stop.");
          out.flush();
          RunUntilStopped.await(() -> {});
        }
      } finally {
        consoleClient._transport().close();
      }
    } finally {
      stack.close();
    }
  }

  /**
   * The configured names on the local stack; on configured clusters, names of the run's own, so
   * that the demo leaves the clusters' topics, groups and indices alone.
   */
  private Pipeline.Naming naming(LocalStack.Spec spec, boolean external) {
    Pipeline.Naming naming = Pipeline.Naming.from(config);
    String runId =
        "demo-"
            + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                .withZone(ZoneOffset.UTC)
                .format(Instant.now());
    return external
        ? naming.isolated(runId, spec.dir().resolve("streams-state"))
        : Pipeline.Naming.of(
            naming.topicPrefix(),
            naming.applicationId(),
            naming.indexPrefix(),
            naming.indexerGroupId(),
            spec.dir().resolve("streams-state"));
  }

  /**
   * Watch rules for the two samples ({@link DemoWatchRules}), installed before the pipeline starts
   * so that every post is matched against them: the console charts their volume, and their spikes
   * and sentiment shifts join the incidents.
   */
  private void installWatchRules(Connections connections, Pipeline.Naming naming) throws Exception {
    List<WatchRule> rules = DemoWatchRules.rules(Instant.now());
    new WatchRules(naming.topics().watchRules(), connections.kafka()).put(rules);
    for (WatchRule rule : rules) {
      out.printf(DemoLines.WATCH_RULE, rule.getId(), rule.getQuery());
    }
  }

  private static long seconds(long since) {
    return Duration.ofNanos(System.nanoTime() - since).toSeconds();
  }
}
