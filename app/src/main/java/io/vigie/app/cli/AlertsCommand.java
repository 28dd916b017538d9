package io.vigie.app.cli;

import io.micrometer.core.instrument.Metrics;
import io.vigie.alerts.AlertsProcess;
import io.vigie.alerts.dispatch.AlertRoutes;
import io.vigie.app.Connections;
import io.vigie.app.Pipeline;
import io.vigie.app.config.VigieConfig;
import io.vigie.app.metrics.MetricsEndpoint;
import io.vigie.core.health.Health;
import io.vigie.core.http.ApiTokens;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigie alerts}: the alert dispatcher, until stopped. */
@Command(
    name = "alerts",
    mixinStandardHelpOptions = true,
    subcommands = AlertsFalsePositivesCommand.class,
    description = {
      "Send alerts to the routes of a routes file (webhook, Slack) until stopped (Ctrl-C or SIGTERM); serve the alert API (acknowledge, assign, resolve, false positive, reopen; silences) when api.tokens is set.",
      "Every outcome is written to the alert-deliveries topic; see docs/alerts.md."
    })
public final class AlertsCommand extends VigieCommand {

  /** A service, run until stopped: logs on its console, which its container or manager keeps. */
  @Override
  protected Logs.Default defaultLogs() {
    return Logs.Default.CONSOLE;
  }

  @Option(
      names = "--routes",
      paramLabel = "FILE",
      description = "The routes file (default: alerts.routes-file).")
  Path routesFile;

  @Override
  public Integer call() throws Exception {
    VigieConfig config = config();
    Path file =
        routesFile != null
            ? routesFile
            : config.string(VigieConfig.ALERTS_ROUTES_FILE).isBlank()
                ? null
                : Path.of(config.string(VigieConfig.ALERTS_ROUTES_FILE));
    if (file == null) {
      err()
          .println("No routes: give --routes FILE or set alerts.routes-file (see docs/alerts.md).");
      return ExitCode.USAGE.code();
    }
    AlertRoutes routes;
    try {
      routes = AlertRoutes.read(file);
    } catch (IllegalArgumentException e) {
      err().println("Invalid routes file " + file + ": " + e.getMessage());
      return ExitCode.BAD_CONFIG.code();
    }
    ApiTokens tokens;
    try {
      tokens = ApiTokens.parse(config.secrets(VigieConfig.API_TOKENS));
    } catch (IllegalArgumentException e) {
      err().println("Invalid api.tokens: " + e.getMessage());
      return ExitCode.BAD_CONFIG.code();
    }
    Connections connections = Connections.resolve(config);
    Pipeline.Naming naming = Pipeline.Naming.from(config);
    AlertsProcess process =
        new AlertsProcess(
            settings(config, connections, naming, routes, tokens),
            Metrics.globalRegistry,
            Clock.systemUTC());
    process.start();
    Health health = process.health(new Health());
    if (config.bool(VigieConfig.WATCHDOG_ENABLED)) {
      out().println("Watching the pipeline itself: operational alerts go to the same routes.");
    }
    MetricsEndpoint metrics = metrics("alerts", health);
    out()
        .printf(
            "Dispatching alerts to %d routes (%s); stop with Ctrl-C.%n",
            routes.routes().size(),
            String.join(
                ", ", routes.routes().stream().map(r -> r.name() + " " + r.channel()).toList()));
    process
        .apiPort()
        .ifPresentOrElse(
            port ->
                out()
                    .printf(
                        "Alert API on http://%s:%d/v1/alerts/{id}/acknowledge|assign|resolve|false-positive|reopen,"
                            + " silences on /v1/silences, Atom feeds on /v1/feeds/alerts.atom, /v1/feeds/rules/{rule}.atom and /v1/feeds/routes/{route}.atom%n",
                        config.string(VigieConfig.API_HOST), port),
            () ->
                out()
                    .println(
                        "Alert API off: set api.tokens to acknowledge, assign and resolve over HTTP."));
    out().flush();
    RunUntilStopped.await(
        () -> {
          process.close();
          metrics.close();
        });
    return ExitCode.OK.code();
  }

  private static AlertsProcess.Settings settings(
      VigieConfig config,
      Connections connections,
      Pipeline.Naming naming,
      AlertRoutes routes,
      ApiTokens tokens) {
    String groupId = config.string(VigieConfig.ALERTS_GROUP_ID);
    return new AlertsProcess.Settings(
        routes,
        connections.kafka(),
        connections.elasticsearch(),
        naming.topics(),
        groupId,
        naming.indexPrefix(),
        new AlertsProcess.Delivery(
            Duration.ofMillis(config.integer(VigieConfig.ALERTS_TIMEOUT_MS)),
            config.integer(VigieConfig.ALERTS_MAX_ATTEMPTS),
            config.password(VigieConfig.ALERTS_SMTP_PASSWORD)),
        new AlertsProcess.Api(
            config.string(VigieConfig.API_HOST), config.integer(VigieConfig.API_PORT), tokens),
        config.bool(VigieConfig.WATCHDOG_ENABLED)
            ? Optional.of(
                new AlertsProcess.Watch(
                    naming.consumerGroups(groupId),
                    config.watchdogSettings(),
                    Duration.ofSeconds(config.integer(VigieConfig.WATCHDOG_INTERVAL_SECONDS))))
            : Optional.empty());
  }
}
