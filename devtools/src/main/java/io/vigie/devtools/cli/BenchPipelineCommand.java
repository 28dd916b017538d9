package io.vigie.devtools.cli;

import io.micrometer.core.instrument.Metrics;
import io.vigie.app.cli.ExitCode;
import io.vigie.app.cli.VigieCommand;
import io.vigie.app.config.VigieConfig;
import io.vigie.core.text.Durations;
import io.vigie.devtools.bench.BenchReport;
import io.vigie.devtools.bench.PipelineBenchmark;
import io.vigie.devtools.bench.PipelineFigures;
import io.vigie.devtools.process.ChildProcess;
import io.vigie.devtools.stack.StackSpecs;
import io.vigie.localstack.LocalStack;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vigie bench pipeline}: the whole pipeline on one local broker and Elasticsearch node, next
 * to Kafka's own tools, a pass-through topology and a raw bulk indexer measured in the same run on
 * the same servers; then latencies at half the sustained rate, and memory per process.
 */
@Command(
    name = "pipeline",
    mixinStandardHelpOptions = true,
    description = {
      "End to end: posts/s of the Kafka side (ingest -> alerts) and of the whole pipeline with indexing, next to same-run baselines (Kafka's ProducerPerformance and ConsumerPerformance, a pass-through topology, a raw BulkIngester);",
      "then p50/p99 latencies (ingest -> enriched, ingest -> searchable, planted onset -> alert) at half the sustained rate, and heap and RSS of each process.",
      "Starts a fresh local broker and Elasticsearch node. With --soak, the live phase lasts 30 minutes and memory and lag are sampled over it."
    })
final class BenchPipelineCommand extends VigieCommand {

  @Option(
      names = "--posts",
      defaultValue = "60000",
      description =
          "Generated history posts per throughput measurement (default: ${DEFAULT-VALUE}).")
  int posts;

  @Option(
      names = "--live",
      defaultValue = "3m",
      description =
          "Length of the live phase at half the sustained rate (default: ${DEFAULT-VALUE}).")
  String live;

  @Option(
      names = "--soak",
      description =
          "Run the live phase for 30 minutes (unless --live says otherwise) and sample memory and lag every 30 s.")
  boolean soak;

  @Option(
      names = "--scale-out",
      paramLabel = "N",
      defaultValue = "0",
      description =
          "Also run the Kafka side in 1 to N `vigie streams` processes of the packaged launcher, one Streams group, and print each rate against one process (default: ${DEFAULT-VALUE}, not run).")
  int scaleOut;

  @Option(
      names = "--output",
      paramLabel = "FILE",
      description =
          "Also write the table, with the machine's description, to this Markdown file (and a plot of memory and lag beside it with --soak).")
  Path output;

  @Override
  public Integer call() throws Exception {
    if (scaleOut > 0 && !Files.isRegularFile(ChildProcess.launcherJar())) {
      err()
          .println(
              "The packaged launcher "
                  + ChildProcess.launcherJar()
                  + " is missing, which --scale-out runs: run mvn package first.");
      return ExitCode.FAILED.code();
    }
    VigieConfig config = config();
    Duration liveFor = soak && live.equals("3m") ? Duration.ofMinutes(30) : Durations.parse(live);
    Duration sampleEvery = soak ? Duration.ofSeconds(30) : Duration.ofSeconds(10);
    LocalStack stack =
        LocalStack.start(
            StackSpecs.from(config, "bench-pipeline").withName("bench-pipeline"), true);
    Path state = Files.createTempDirectory("vigie-bench-pipeline-");
    try {
      PipelineFigures figures =
          new PipelineBenchmark(
                  config,
                  out(),
                  Metrics.globalRegistry,
                  posts,
                  liveFor,
                  sampleEvery,
                  scaleOut,
                  ChildProcess.launcherJar())
              .measure(stack, state);
      String table = figures.table(config, liveFor);
      BenchReport.report(
          out(),
          output,
          soak ? "Pipeline soak" : "Pipeline benchmark",
          soak ? "pipeline --soak" : "pipeline",
          table);
      if (output != null && soak) {
        Path plot = output.resolveSibling("pipeline-soak.svg");
        Files.writeString(plot, figures.live().plot(), StandardCharsets.UTF_8);
        out().println("Plot written to " + plot);
      }
      return ExitCode.OK.code();
    } finally {
      stack.close();
      stack.deleteData();
    }
  }
}
