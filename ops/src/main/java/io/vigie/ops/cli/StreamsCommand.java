package io.vigie.ops.cli;

import io.vigie.ops.Connections;
import io.vigie.ops.Vigie;
import io.vigie.ops.config.VigieConfig;
import io.vigie.schema.VigieTopics;
import io.vigie.streams.VigieStreamsApp;
import java.time.Clock;
import java.time.Duration;
import picocli.CommandLine.Command;

/** {@code vigie streams}: the Kafka Streams application, until stopped. */
@Command(
    name = "streams",
    mixinStandardHelpOptions = true,
    description =
        "Run Vigie's Kafka Streams topologies until stopped (Ctrl-C or SIGTERM); exit 1 if they fail.")
public final class StreamsCommand extends VigieCommand {

  @Override
  public Integer call() throws Exception {
    VigieConfig config = config();
    Connections connections = Connections.resolve(config);
    VigieStreamsApp app =
        new VigieStreamsApp(
            config.streamsSettings(connections.kafka()),
            VigieTopics.withPrefix(config.string(VigieConfig.TOPICS_PREFIX)),
            config.topologySettings(),
            io.vigie.streams.enrich.PostEnricher.defaults(),
            Clock.systemUTC());
    Runtime.getRuntime().addShutdownHook(new Thread(app::close, "vigie-streams-shutdown"));
    app.start();
    out()
        .println(
            "Streams application '"
                + config.string(VigieConfig.STREAMS_APPLICATION_ID)
                + "' started.");
    while (!app.awaitStop(Duration.ofSeconds(1))) {
      // waiting for a stop: the shutdown hook closes the application
    }
    if (app.fatalError() != null) {
      err().println("The streams application stopped on an error: " + app.fatalError());
      return Vigie.FAILED;
    }
    return Vigie.OK;
  }
}
