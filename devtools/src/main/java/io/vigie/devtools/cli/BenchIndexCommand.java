package io.vigie.devtools.cli;

import io.vigie.app.cli.ExitCode;
import io.vigie.app.cli.VigieCommand;
import io.vigie.app.config.VigieConfig;
import io.vigie.devtools.bench.IndexBenchmark;
import io.vigie.devtools.stack.StackSpecs;
import io.vigie.localstack.LocalStack;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vigie bench index}: the indexer's documents/s from Kafka to Elasticsearch, next to a raw
 * bulk of the same documents into the same server with the same bulk settings (no Kafka, no
 * commit), in the same run; then the post-to-searchable latency of a live stream ({@link
 * IndexBenchmark}).
 */
@Command(
    name = "index",
    mixinStandardHelpOptions = true,
    description = {
      "Indexer docs/s next to a raw BulkIngester baseline (same documents, server and bulk settings, same run), and p50/p99 post-to-searchable latency at a steady rate.",
      "Starts a fresh local broker and Elasticsearch node."
    })
final class BenchIndexCommand extends VigieCommand {

  @Option(
      names = "--posts",
      defaultValue = "50000",
      description = "Documents (default: ${DEFAULT-VALUE}).")
  int posts;

  @Option(
      names = "--rate",
      defaultValue = "200",
      description = "Posts/s of the latency phase (default: ${DEFAULT-VALUE}).")
  int rate;

  @Option(names = "--output", paramLabel = "FILE", description = "Also write the table there.")
  Path output;

  @Override
  public Integer call() throws Exception {
    VigieConfig config = config();
    LocalStack stack =
        LocalStack.start(StackSpecs.from(config, "bench-index").withName("bench-index"), true);
    try {
      new IndexBenchmark(config, out(), posts, rate).run(stack, output);
      return ExitCode.OK.code();
    } finally {
      stack.close();
      stack.deleteData();
    }
  }
}
