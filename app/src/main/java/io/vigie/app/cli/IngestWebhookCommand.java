package io.vigie.app.cli;

import io.micrometer.core.instrument.Metrics;
import io.vigie.app.config.VigieConfig;
import io.vigie.app.config.WebhookConfig;
import io.vigie.app.metrics.MetricsEndpoint;
import io.vigie.ingest.IngestProcess;
import io.vigie.ingest.webhook.WebhookServer;
import java.time.Clock;
import picocli.CommandLine.Command;

/** {@code vigie ingest webhook}: posts pushed over HTTP, published before they are answered. */
@Command(
    name = "webhook",
    mixinStandardHelpOptions = true,
    description = {
      "Serve POST /v1/posts: one JSON post (application/json) or one per line (application/x-ndjson).",
      "Answers 202 once Kafka acknowledged every post; see docs/ingest.md for authentication, limits and errors."
    })
final class IngestWebhookCommand extends VigieCommand {

  /** A service, run until stopped: logs on its console, which its container or manager keeps. */
  @Override
  protected Logs.Default defaultLogs() {
    return Logs.Default.CONSOLE;
  }

  @Override
  public Integer call() throws Exception {
    IngestTarget target = IngestTarget.open(config());
    VigieConfig config = target.config();
    Clock clock = Clock.systemUTC();
    // The webhook serves /metrics on its own port: no metrics.port of its own.
    MetricsEndpoint metrics = MetricsEndpoint.start("ingest-webhook", "127.0.0.1", -1);
    IngestProcess<WebhookServer> process =
        IngestProcess.webhook(
            WebhookConfig.settings(config),
            target.kafkaTarget(),
            clock,
            Metrics.globalRegistry,
            metrics.registry());
    out()
        .println(
            "Webhook listening on http://"
                + config.string(VigieConfig.WEBHOOK_HOST)
                + ":"
                + process.source().port()
                + "/v1/posts; Ctrl-C to stop.");
    out().flush();
    RunUntilStopped.await(
        () -> {
          process.close();
          metrics.close();
        });
    return ExitCode.OK.code();
  }
}
