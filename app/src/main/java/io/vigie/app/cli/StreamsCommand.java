package io.vigie.app.cli;

import io.micrometer.core.instrument.Metrics;
import io.vigie.app.Connections;
import io.vigie.app.Pipeline;
import io.vigie.app.config.VigieConfig;
import io.vigie.app.metrics.MetricsEndpoint;
import io.vigie.core.health.BackgroundProbes;
import io.vigie.core.health.Health;
import io.vigie.streams.StreamsProcess;
import io.vigie.streams.VigieStreamsApp;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;

/** {@code vigie streams}: the Kafka Streams application, until stopped. */
@Command(
    name = "streams",
    mixinStandardHelpOptions = true,
    description =
        "Run Vigie's Kafka Streams topologies until stopped (Ctrl-C or SIGTERM); exit 1 if they fail. Metrics and health on metrics.port when set.")
public final class StreamsCommand extends VigieCommand {

  /** A service, run until stopped: logs on its console, which its container or manager keeps. */
  @Override
  protected Logs.Default defaultLogs() {
    return Logs.Default.CONSOLE;
  }

  @Override
  public Integer call() throws Exception {
    VigieConfig config = config();
    Connections connections = Connections.resolve(config);
    Pipeline.Naming naming = Pipeline.Naming.from(config);
    Health health = new Health();
    try (MetricsEndpoint metrics = metrics("streams", health);
        StreamsProcess process =
            Pipeline.streams(connections, config, naming, Clock.systemUTC()).start();
        Admin admin = Admin.create(connections.kafka());
        BackgroundProbes probes =
            new BackgroundProbes(
                admin,
                Map.of(naming.applicationId(), naming.streamsInputTopics()),
                Optional.empty(),
                Duration.ofSeconds(15),
                Metrics.globalRegistry,
                Clock.systemUTC())) {
      process.health(health);
      VigieStreamsApp app = process.app();
      Runtime.getRuntime().addShutdownHook(new Thread(app::close, "vigie-streams-shutdown"));
      out()
          .println(
              "Streams application '"
                  + config.string(VigieConfig.STREAMS_APPLICATION_ID)
                  + "' started.");
      out().flush();
      while (!app.awaitStop(Duration.ofSeconds(1))) {
        // waiting for a stop: the shutdown hook closes the application
      }
      if (app.fatalError() != null) {
        err().println("The streams application stopped on an error: " + app.fatalError());
        return ExitCode.FAILED.code();
      }
      return ExitCode.OK.code();
    }
  }
}
