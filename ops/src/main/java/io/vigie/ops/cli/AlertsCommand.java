package io.vigie.ops.cli;

import io.micrometer.core.instrument.Metrics;
import io.vigie.alerts.actions.AlertActionsApi;
import io.vigie.alerts.actions.CurrentAlerts;
import io.vigie.alerts.actions.IncidentStates;
import io.vigie.alerts.actions.SilenceLog;
import io.vigie.alerts.dispatch.AlertDispatcher;
import io.vigie.alerts.dispatch.AlertRoutes;
import io.vigie.alerts.dispatch.EmailSender;
import io.vigie.alerts.dispatch.HttpSender;
import io.vigie.alerts.dispatch.SilenceBook;
import io.vigie.alerts.watchdog.RunningWatchdog;
import io.vigie.core.health.Health;
import io.vigie.core.http.ApiTokens;
import io.vigie.indexer.elasticsearch.ElasticsearchClients;
import io.vigie.ops.Connections;
import io.vigie.ops.Pipeline;
import io.vigie.ops.config.VigieConfig;
import io.vigie.ops.metrics.MetricsEndpoint;
import io.vigie.schema.AlertAction;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
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
  Logs.Default defaultLogs() {
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
    SilenceBook silences = new SilenceBook();
    AlertDispatcher dispatcher = dispatcher(config, connections, naming, routes, silences);
    Thread thread = new Thread(dispatcher, "vigie-alerts");
    thread.start();
    Health health =
        new Health()
            .add(
                Health.Kind.LIVENESS,
                () ->
                    new Health.Check(
                        "dispatcher-alive",
                        thread.isAlive(),
                        thread.isAlive() ? "running" : "the dispatcher thread stopped"))
            .add(
                Health.Kind.READINESS,
                () ->
                    new Health.Check(
                        "dispatcher-ready",
                        dispatcher.ready(),
                        dispatcher.ready()
                            ? "delivery log read, following the alerts"
                            : "reading the delivery log"));
    RunningWatchdog watchdog = null;
    if (config.bool(VigieConfig.WATCHDOG_ENABLED)) {
      watchdog =
          RunningWatchdog.start(
              connections.kafka(),
              connections.elasticsearch(),
              naming.topics(),
              naming.consumerGroups(config.string(VigieConfig.ALERTS_GROUP_ID)),
              config.watchdogSettings(),
              Duration.ofSeconds(config.integer(VigieConfig.WATCHDOG_INTERVAL_SECONDS)),
              Metrics.globalRegistry,
              Clock.systemUTC());
      watchdog.addChecks(health);
      out().println("Watching the pipeline itself: operational alerts go to the same routes.");
    }
    MetricsEndpoint metrics = metrics("alerts", health);
    out()
        .printf(
            "Dispatching alerts to %d routes (%s); stop with Ctrl-C.%n",
            routes.routes().size(),
            String.join(
                ", ", routes.routes().stream().map(r -> r.name() + " " + r.channel()).toList()));
    AlertActionsApi api = null;
    KafkaProducer<String, AlertAction> producer = null;
    IncidentStates states = null;
    SilenceLog silenceLog = null;
    if (tokens.isEmpty()) {
      out().println("Alert API off: set api.tokens to acknowledge, assign and resolve over HTTP.");
    } else {
      Map<String, Object> props = new HashMap<>(connections.kafka());
      props.put(ProducerConfig.ACKS_CONFIG, "all");
      props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
      producer =
          new KafkaProducer<>(
              props,
              naming.topics().alertActions().keySerde().serializer(),
              naming.topics().alertActions().valueSerde().serializer());
      // What each incident is now, so that actions detection would ignore are refused, not taken.
      states = IncidentStates.follow(connections.kafka(), naming.topics().alerts());
      api =
          AlertActionsApi.start(
              config.string(VigieConfig.API_HOST),
              config.integer(VigieConfig.API_PORT),
              tokens,
              naming.topics().alertActions(),
              producer,
              states,
              Clock.systemUTC());
      api.serveFeeds(
          new CurrentAlerts(
              ElasticsearchClients.create(connections.elasticsearch()), naming.indexPrefix()),
          routes.routes());
      silenceLog =
          SilenceLog.kafka(
              connections.kafka(),
              config.string(VigieConfig.ALERTS_GROUP_ID) + "-silences",
              naming.topics().silences(),
              naming.topics().alertActions());
      api.serveSilences(silences, silenceLog, routes.routes());
      out()
          .printf(
              "Alert API on http://%s:%d/v1/alerts/{id}/acknowledge|assign|resolve|false-positive|reopen,"
                  + " silences on /v1/silences, Atom feeds on /v1/feeds/alerts.atom, /v1/feeds/rules/{rule}.atom and /v1/feeds/routes/{route}.atom%n",
              config.string(VigieConfig.API_HOST), api.port());
    }
    out().flush();
    AlertActionsApi apiToClose = api;
    RunningWatchdog watchdogToClose = watchdog;
    KafkaProducer<String, AlertAction> producerToClose = producer;
    IncidentStates statesToClose = states;
    SilenceLog silenceLogToClose = silenceLog;
    RunUntilStopped.await(
        () -> {
          if (apiToClose != null) {
            apiToClose.close();
            producerToClose.close();
            statesToClose.close();
            silenceLogToClose.close();
          }
          if (watchdogToClose != null) {
            watchdogToClose.close();
          }
          dispatcher.close();
          metrics.close();
        });
    thread.join(Duration.ofSeconds(30).toMillis());
    return ExitCode.OK.code();
  }

  static AlertDispatcher dispatcher(
      VigieConfig config,
      Connections connections,
      Pipeline.Naming naming,
      AlertRoutes routes,
      SilenceBook silences) {
    return new AlertDispatcher(
        routes,
        naming.topics().alerts(),
        naming.topics().alertDeliveries(),
        naming.topics().dispatchDeadLetters(),
        Optional.of(naming.topics().silences()),
        silences,
        connections.kafka(),
        config.string(VigieConfig.ALERTS_GROUP_ID),
        new HttpSender(
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build(),
            Duration.ofMillis(config.integer(VigieConfig.ALERTS_TIMEOUT_MS)),
            config.integer(VigieConfig.ALERTS_MAX_ATTEMPTS),
            Duration.ofSeconds(1),
            Duration.ofSeconds(30),
            wait -> Thread.sleep(wait.toMillis())),
        new EmailSender(
            config.integer(VigieConfig.ALERTS_MAX_ATTEMPTS),
            Duration.ofSeconds(1),
            Duration.ofSeconds(30),
            Duration.ofMillis(config.integer(VigieConfig.ALERTS_TIMEOUT_MS)),
            config.password(VigieConfig.ALERTS_SMTP_PASSWORD),
            wait -> Thread.sleep(wait.toMillis())),
        Metrics.globalRegistry,
        Clock.systemUTC());
  }
}
