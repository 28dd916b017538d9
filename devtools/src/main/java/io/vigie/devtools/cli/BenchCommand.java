package io.vigie.devtools.cli;

import io.micrometer.core.instrument.Metrics;
import io.vigie.app.cli.ExitCode;
import io.vigie.app.cli.VigieCommand;
import io.vigie.app.config.VigieConfig;
import io.vigie.devtools.bench.BenchReport;
import io.vigie.devtools.bench.BenchStacks;
import io.vigie.devtools.bench.IngestBenchmark;
import io.vigie.localstack.LocalStack;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vigie bench ...}: throughput measured on real servers, next to baselines measured in the
 * same run.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Measure throughput on real servers next to same-run baselines.",
    subcommands = {
      BenchCommand.Ingest.class,
      BenchStagesCommand.class,
      BenchStreamsCommand.class,
      BenchStateCommand.class,
      BenchIndexCommand.class,
      BenchPipelineCommand.class
    })
public final class BenchCommand {

  @Command(
      name = "ingest",
      mixinStandardHelpOptions = true,
      description = {
        "Replay -> Kafka and webhook -> Kafka posts/s, next to Kafka's own ProducerPerformance tool at the same record size, on the same broker, in the same run.",
        "Starts a fresh local broker unless kafka.bootstrap.servers is set; prints a Markdown table and can write it to a file."
      })
  static final class Ingest extends VigieCommand {
    @Option(
        names = "--posts",
        defaultValue = "200000",
        description = "Posts per measurement (default: ${DEFAULT-VALUE}).")
    int posts;

    @Option(
        names = "--batch",
        defaultValue = "1000",
        description = "Posts per webhook request (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(
        names = "--clients",
        defaultValue = "4",
        description = "Concurrent webhook clients (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(
        names = "--output",
        paramLabel = "FILE",
        description =
            "Also write the table, with the machine's description, to this Markdown file.")
    Path output;

    @Override
    public Integer call() throws Exception {
      VigieConfig config = config();
      LocalStack stack = config.hasExternalKafka() ? null : BenchStacks.startKafkaOnly(config);
      try {
        Map<String, Object> kafka =
            config.kafkaProperties(
                Optional.ofNullable(stack).flatMap(LocalStack::bootstrapServers));
        String table =
            new IngestBenchmark(config, out(), Metrics.globalRegistry, posts, batch, clients)
                .measure(kafka);
        BenchReport.report(out(), output, "Ingest benchmark", "ingest", table);
      } finally {
        if (stack != null) {
          stack.close();
          stack.deleteData();
        }
      }
      return ExitCode.OK.code();
    }
  }
}
