package io.vigie.app.cli;

import io.micrometer.core.instrument.Metrics;
import io.vigie.app.metrics.MetricsEndpoint;
import io.vigie.ingest.IngestProcess;
import io.vigie.ingest.bluesky.JetstreamClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigie ingest bluesky}: Bluesky's Jetstream followed, resuming from a saved cursor. */
@Command(
    name = "bluesky",
    mixinStandardHelpOptions = true,
    description = {
      "Follow Bluesky's Jetstream over a WebSocket (posts only) and publish each new post; resumes from a saved cursor after a disconnect or a restart."
    })
final class IngestBlueskyCommand extends VigieCommand {

  /** A service, run until stopped: logs on its console, which its container or manager keeps. */
  @Override
  protected Logs.Default defaultLogs() {
    return Logs.Default.CONSOLE;
  }

  @Option(
      names = "--endpoint",
      defaultValue = "wss://jetstream2.us-east.bsky.network/subscribe",
      description = "Jetstream endpoint (default: ${DEFAULT-VALUE}).")
  URI endpoint;

  @Option(
      names = "--cursor-file",
      paramLabel = "FILE",
      description = "Where the cursor is kept (default: under <stack.dir>/bluesky).")
  Path cursorFile;

  @Override
  public Integer call() throws Exception {
    IngestTarget target = IngestTarget.open(config());
    Path cursor =
        cursorFile != null
            ? cursorFile
            : target
                .config()
                .stackDir()
                .resolve("bluesky")
                .resolve(
                    HexFormat.of()
                            .formatHex(
                                MessageDigest.getInstance("SHA-256")
                                    .digest(endpoint.toString().getBytes(StandardCharsets.UTF_8)))
                            .substring(0, 16)
                        + ".cursor");
    MetricsEndpoint metrics = metrics("ingest-bluesky");
    JetstreamClient.Settings settings =
        new JetstreamClient.Settings(
            endpoint, cursor, Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofMinutes(2));
    IngestProcess<JetstreamClient> process =
        IngestProcess.bluesky(
            settings, target.kafkaTarget(), Clock.systemUTC(), Metrics.globalRegistry);
    out().println("Following " + endpoint + " (cursor in " + cursor + "); Ctrl-C to stop.");
    out().flush();
    RunUntilStopped.await(
        () -> {
          process.close();
          metrics.close();
        });
    return ExitCode.OK.code();
  }
}
