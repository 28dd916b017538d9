package io.vigie.devtools.cli;

import io.micrometer.core.instrument.Metrics;
import io.vigie.app.cli.ExitCode;
import io.vigie.app.cli.VigieCommand;
import io.vigie.app.config.VigieConfig;
import io.vigie.devtools.bench.BenchReport;
import io.vigie.devtools.bench.BenchStacks;
import io.vigie.devtools.bench.StateBenchmark;
import io.vigie.localstack.LocalStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vigie bench state}: the memory a detection instance needs for an open vocabulary. Enriched
 * posts carrying {@code --terms} distinct never-seen words within {@code --minutes} of event time
 * go through the detection topology on the real broker, in this process, while its resident set
 * size, heap and RocksDB cache are sampled ({@link StateBenchmark}).
 */
@Command(
    name = "state",
    mixinStandardHelpOptions = true,
    description = {
      "Resident memory of a detection instance fed a million distinct terms within an hour (by default), on the real broker.",
      "Run it with the heap you would give an instance, e.g. VIGIE_JAVA_OPTS=-Xmx512m; streams.rocksdb-memory-mb bounds RocksDB."
    })
final class BenchStateCommand extends VigieCommand {

  @Option(
      names = "--terms",
      defaultValue = "1000000",
      description = "Distinct new terms to feed (default: ${DEFAULT-VALUE}).")
  int terms;

  @Option(
      names = "--minutes",
      defaultValue = "60",
      description = "Event-time span they arrive in (default: ${DEFAULT-VALUE}).")
  int minutes;

  @Option(
      names = "--new-terms-per-post",
      defaultValue = "5",
      description = "New terms in each post, beside five common ones (default: ${DEFAULT-VALUE}).")
  int newTermsPerPost;

  @Option(
      names = "--output",
      paramLabel = "FILE",
      description = "Also write the table, with the machine's description, to this Markdown file.")
  Path output;

  @Override
  public Integer call() throws Exception {
    VigieConfig config = config();
    LocalStack stack = config.hasExternalKafka() ? null : BenchStacks.startKafkaOnly(config);
    Path state = Files.createTempDirectory("vigie-bench-state-");
    try {
      Map<String, Object> kafka =
          config.kafkaProperties(Optional.ofNullable(stack).flatMap(LocalStack::bootstrapServers));
      String table =
          new StateBenchmark(config, out(), Metrics.globalRegistry, terms, minutes, newTermsPerPost)
              .measure(kafka, state);
      BenchReport.report(out(), output, "Detection state benchmark", "state", table);
      return ExitCode.OK.code();
    } finally {
      deleteTree(state);
      if (stack != null) {
        stack.close();
        stack.deleteData();
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }
}
