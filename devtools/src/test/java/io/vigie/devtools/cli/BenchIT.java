package io.vigie.devtools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.app.Vigie;
import io.vigie.app.config.VigieConfig;
import io.vigie.localstack.LocalStack;
import io.vigie.testkit.RealServers;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bench command runs end to end and writes its table; the figures themselves are not asserted.
 * All but {@code bench pipeline} run on the build's servers (their names are isolated per run); the
 * pipeline bench starts a broker of its own, whose process it measures.
 */
@ExtendWith(RealServers.class)
class BenchIT {

  @TempDir Path dir;

  @Test
  void shouldMeasureEveryIngestPathAndWriteTheTable(LocalStack stack) throws Exception {
    Path table = dir.resolve("ingest.md");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int exit =
        Vigie.execute(
            new String[] {
              "bench",
              "ingest",
              "--posts",
              "3000",
              "--batch",
              "500",
              "--output",
              table.toString(),
              "--set",
              "kafka.bootstrap.servers=" + stack.bootstrapServers().orElseThrow()
            },
            Map.of(),
            new PrintWriter(out, true),
            new PrintWriter(err, true));

    assertThat(exit).as(err.toString()).isZero();
    assertThat(Files.readString(table))
        .contains("ProducerPerformance")
        .contains("ingest replay")
        .contains("ingest webhook")
        .contains("3,000 posts");
  }

  @Test
  void shouldFeedNewTermsThroughDetectionAndReportItsMemory(LocalStack stack) throws Exception {
    Path table = dir.resolve("state.md");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int exit =
        Vigie.execute(
            new String[] {
              "bench",
              "state",
              "--terms",
              "2000",
              "--output",
              table.toString(),
              "--set",
              "kafka.bootstrap.servers=" + stack.bootstrapServers().orElseThrow()
            },
            Map.of(),
            new PrintWriter(out, true),
            new PrintWriter(err, true));

    assertThat(exit).as(err.toString()).isZero();
    assertThat(Files.readString(table))
        .contains("2,000 in 60 min")
        .contains("400 |") // posts: five new terms each
        .contains("peak resident set size");
  }

  @Test
  void shouldCompareTheIndexerWithARawBulkAndMeasureLatency(LocalStack stack) throws Exception {
    Path table = dir.resolve("index.md");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int exit =
        Vigie.execute(
            new String[] {
              "bench",
              "index",
              "--posts",
              "2000",
              "--rate",
              "50",
              "--output",
              table.toString(),
              "--set",
              "kafka.bootstrap.servers=" + stack.bootstrapServers().orElseThrow(),
              "--set",
              "elasticsearch.urls=" + stack.elasticsearchUrl().orElseThrow()
            },
            Map.of(),
            new PrintWriter(out, true),
            new PrintWriter(err, true));

    assertThat(exit).as(err.toString()).isZero();
    assertThat(Files.readString(table))
        .contains("2,000 generated posts")
        .contains("raw `BulkIngester`")
        .contains("p99 (100 samples)");
  }

  /**
   * The whole pipeline against its baselines, then a short live phase: every sampled post must
   * reach the enriched topic and become searchable. The phase is too short for a planted episode,
   * whose alert needs its one-minute bucket to close under live traffic (70 s more): alerting under
   * load is what DetectionIT and the demo prove, and {@code vigie bench pipeline} with its default
   * three minutes plants and times episodes.
   */
  @Test
  void shouldRunThePipelineEndToEndAndTimeItsLivePhase(LocalStack stack) throws Exception {
    Path table = dir.resolve("pipeline.md");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int exit =
        Vigie.execute(
            new String[] {
              "bench",
              "pipeline",
              "--posts",
              "1000",
              "--live",
              "15s",
              "--output",
              table.toString(),
              "--set", // the figures are not asserted: its servers may start as cheaply as tests'
              VigieConfig.STACK_SERVER_JVM_OPTIONS
                  + "="
                  + String.join(" ", RealServers.SERVER_JVM_OPTIONS)
            },
            Map.of(),
            new PrintWriter(out, true),
            new PrintWriter(err, true));

    assertThat(exit).as(err.toString()).isZero();
    String written = Files.readString(table);
    assertThat(written)
        .contains("Kafka `ProducerPerformance`")
        .contains("Kafka `ConsumerPerformance`")
        .contains("pass-through topology")
        .contains("**Vigie, Kafka side**")
        .contains("**Vigie, end to end**")
        .contains("| ingest → enriched topic |")
        .contains("| ingest → searchable in Elasticsearch |")
        .doesNotContain("never arrived")
        .contains("| broker RSS |");
  }
}
