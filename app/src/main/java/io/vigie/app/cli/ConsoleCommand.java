package io.vigie.app.cli;

import io.micrometer.core.instrument.Metrics;
import io.vigie.alerts.AlertFeed;
import io.vigie.alerts.console.ConsoleServer;
import io.vigie.alerts.console.IncidentBoard;
import io.vigie.app.Connections;
import io.vigie.app.Pipeline;
import io.vigie.app.config.VigieConfig;
import io.vigie.app.metrics.MetricsEndpoint;
import io.vigie.core.health.BackgroundProbes;
import io.vigie.core.health.Health;
import io.vigie.core.http.ApiTokens;
import io.vigie.core.http.Ports;
import io.vigie.indexer.elasticsearch.ClusterHealthProbe;
import io.vigie.indexer.elasticsearch.ElasticsearchClients;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;

/**
 * {@code vigie console}: the console as a service of its own, until stopped. It follows the alerts
 * topic from its beginning (the incidents), reads posts and people's actions from Elasticsearch
 * (volume, history), and forwards responders' actions to {@code vigie alerts}' API ({@code
 * console.api-url}). A command apart from {@code vigie alerts} because the two are run differently:
 * the dispatcher is one instance whose delivery log and rate limits are its memory, restarted with
 * care since it pages people; the console keeps nothing, so it can run several replicas, be exposed
 * to people through a proxy, and be restarted or upgraded at any time without touching paging.
 */
@Command(
    name = "console",
    mixinStandardHelpOptions = true,
    description = {
      "Serve the console (live incidents with their state, assignee, organic/coordinated split and history; volume; weak signals; health) until stopped (Ctrl-C or SIGTERM).",
      "Responders acknowledge, assign, resolve and mark false positives from it when console.api-url names the alert API of vigie alerts; see docs/operations.md."
    })
public final class ConsoleCommand extends VigieCommand {

  /** A service, run until stopped: logs on its console, which its container or manager keeps. */
  @Override
  protected Logs.Default defaultLogs() {
    return Logs.Default.CONSOLE;
  }

  @Override
  public Integer call() throws Exception {
    VigieConfig config = config();
    ApiTokens tokens;
    try {
      tokens = ApiTokens.parse(config.secrets(VigieConfig.API_TOKENS));
    } catch (IllegalArgumentException e) {
      err().println("Invalid api.tokens: " + e.getMessage());
      return ExitCode.BAD_CONFIG.code();
    }
    String apiUrl = config.string(VigieConfig.CONSOLE_API_URL);
    Optional<URI> alertApi = apiUrl.isBlank() ? Optional.empty() : Optional.of(URI.create(apiUrl));
    if (alertApi.isPresent() && tokens.isEmpty()) {
      err()
          .println(
              "console.api-url is set but api.tokens is not: actions need a responder's token (the same tokens as vigie alerts).");
      return ExitCode.BAD_CONFIG.code();
    }
    String host = config.string(VigieConfig.CONSOLE_HOST);
    try {
      tokens.bindable(host, "the console");
    } catch (IllegalArgumentException e) {
      err().println("Cannot start the console: " + e.getMessage());
      return ExitCode.BAD_CONFIG.code();
    }
    Connections connections = Connections.resolve(config);
    Pipeline.Naming naming = Pipeline.Naming.from(config);
    IncidentBoard board = new IncidentBoard();
    var elasticsearch = ElasticsearchClients.create(connections.elasticsearch());
    Health health = new Health();
    MetricsEndpoint metrics = metrics("console", health);
    Admin admin = Admin.create(connections.kafka());
    BackgroundProbes probes =
        new BackgroundProbes(
            admin,
            Map.of(),
            Optional.of(new ClusterHealthProbe(elasticsearch)),
            Duration.ofSeconds(15),
            Metrics.globalRegistry,
            Clock.systemUTC());
    AlertFeed feed = AlertFeed.start(connections.kafka(), naming.topics().alerts(), board::accept);
    ConsoleServer console =
        ConsoleServer.start(
            host,
            Ports.choose(
                config.integer(VigieConfig.CONSOLE_PORT), "the console", VigieConfig.CONSOLE_PORT),
            board,
            elasticsearch,
            naming.indexPrefix(),
            alertApi,
            tokens,
            health,
            Clock.systemUTC());
    health.add(
        Health.Kind.LIVENESS,
        () ->
            new Health.Check(
                "alert-feed",
                feed.running(),
                feed.running()
                    ? "following " + naming.topics().alerts().name()
                    : "the alert feed stopped"));
    probes.addChecks(health);
    out()
        .printf(
            "Console on http://%s:%d/ (%s); stop with Ctrl-C.%n",
            host,
            console.port(),
            alertApi
                .map(api -> "responders act through the alert API at " + api)
                .orElse("read-only: set console.api-url to act on incidents"));
    out().flush();
    // Closed by the shutdown hook, in the reverse order of their start.
    RunUntilStopped.await(
        () -> {
          console.close();
          feed.close();
          probes.close();
          admin.close();
          metrics.close();
          elasticsearch._transport().close();
        });
    return ExitCode.OK.code();
  }
}
