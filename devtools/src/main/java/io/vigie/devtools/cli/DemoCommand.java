package io.vigie.devtools.cli;

import io.micrometer.core.instrument.Metrics;
import io.vigie.app.cli.ExitCode;
import io.vigie.app.cli.VigieCommand;
import io.vigie.app.config.VigieConfig;
import io.vigie.devtools.demo.DemoLines;
import io.vigie.devtools.demo.DemoRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vigie demo}: the whole path on real servers and real data. Starts a fresh local stack (or
 * uses the configured clusters, with topic, application and index names of the run's own), creates
 * topics and templates, runs the topologies and the indexer, replays the bundled CrisisLex samples
 * into the raw topic, prints incidents as they open, waits until every post is processed, and shows
 * what Elasticsearch finds ({@link DemoRun}, which prints the {@link DemoLines}).
 *
 * <p>The samples keep their own pace of time, shifted so that they end now: the detectors judge
 * minutes and hours as they were, while the replay itself goes as fast as Kafka takes it. Alerts
 * show the original times.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Run Vigie end to end on a bundled real dataset, on a local Kafka and Elasticsearch started for you.")
public final class DemoCommand extends VigieCommand {

  @Option(
      names = "--query",
      defaultValue = "explosion",
      description =
          "Full-text query to run on the indexed posts at the end (default: ${DEFAULT-VALUE}).")
  String query;

  @Option(
      names = "--keep-running",
      description = "Keep the stack and the pipeline running after the replay, until Ctrl-C.")
  boolean keepRunning;

  @Override
  public Integer call() throws Exception {
    long started = System.nanoTime();
    // History replayed as fast as Kafka takes it keeps its event-time order only within a
    // partition: the demo's topics have one, so that the detectors see the days in order.
    VigieConfig config = config().with(VigieConfig.TOPICS_PARTITIONS, "1");
    if (config.integer(VigieConfig.STREAMS_QUERY_PORT) < 0) {
      config = config.with(VigieConfig.STREAMS_QUERY_PORT, "0"); // a free port
    }
    new DemoRun(config, out(), err(), Metrics.globalRegistry).run(started, query, keepRunning);
    return ExitCode.OK.code();
  }
}
