package io.vigie.devtools.cli;

import io.micrometer.core.instrument.Metrics;
import io.vigie.app.cli.ExitCode;
import io.vigie.app.cli.VigieCommand;
import io.vigie.app.config.VigieConfig;
import io.vigie.devtools.bench.BenchReport;
import io.vigie.devtools.bench.BenchStacks;
import io.vigie.devtools.bench.PassThroughTopology;
import io.vigie.devtools.bench.StreamsThroughput;
import io.vigie.localstack.LocalStack;
import io.vigie.schema.Post;
import io.vigie.schema.VigieTopics;
import io.vigie.streams.StageMeters;
import io.vigie.streams.StreamsSettings;
import io.vigie.streams.VigieStreamsApp;
import io.vigie.streams.enrich.PostEnricher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vigie bench streams}: the dedup and enrichment topologies' throughput on the real broker,
 * next to a pass-through chain with the same hops, guarantee and state writes, in the same run.
 */
@Command(
    name = "streams",
    mixinStandardHelpOptions = true,
    description = {
      "Dedup + enrichment posts/s on the real broker, next to a pass-through chain with the same topics, repartition, exactly-once guarantee and state writes.",
      "Starts a fresh local broker unless kafka.bootstrap.servers is set; both read the same pre-loaded raw posts."
    })
final class BenchStreamsCommand extends VigieCommand {

  @Option(
      names = "--posts",
      defaultValue = "50000",
      description = "Posts to process (default: ${DEFAULT-VALUE}).")
  int posts;

  @Option(
      names = "--output",
      paramLabel = "FILE",
      description = "Also write the table, with the machine's description, to this Markdown file.")
  Path output;

  @Override
  public Integer call() throws Exception {
    VigieConfig config = config();
    LocalStack stack = config.hasExternalKafka() ? null : BenchStacks.startKafkaOnly(config);
    Path state = Files.createTempDirectory("vigie-bench-streams-");
    try {
      Map<String, Object> kafka =
          config.kafkaProperties(Optional.ofNullable(stack).flatMap(LocalStack::bootstrapServers));
      String run =
          "bench-streams-"
              + DateTimeFormatter.ofPattern("yyyyMMddHHmmss")
                  .withZone(ZoneOffset.UTC)
                  .format(Instant.now());
      VigieTopics topics = VigieTopics.withPrefix(run + ".");
      String passEnriched = run + ".pass.enriched";
      int partitions = config.integer(VigieConfig.TOPICS_PARTITIONS);
      StreamsThroughput.createTopics(kafka, topics, partitions, passEnriched);
      List<Post> sample = StreamsThroughput.generate(posts);
      StreamsThroughput.publishAll(kafka, topics.rawPosts(), sample, Metrics.globalRegistry);
      out()
          .printf(
              Locale.ROOT,
              "Published %,d generated posts to %s%n",
              sample.size(),
              topics.rawPosts().name());
      out().flush();

      StreamsSettings defaults = config.streamsSettings(kafka);
      StreamsBuilder pass = new StreamsBuilder();
      new PassThroughTopology(topics, passEnriched).build(pass);
      double baseline =
          StreamsThroughput.measure(
              pass.build(),
              StreamsThroughput.settings(defaults, run + "-pass", state, kafka).toProperties(),
              passEnriched,
              sample.size(),
              kafka);
      out().printf(Locale.ROOT, "Pass-through chain: %,.0f posts/s%n", baseline);
      out().flush();
      Topology vigie =
          VigieStreamsApp.topology(
              topics,
              config.topologySettings(),
              PostEnricher.defaults(),
              new StageMeters(Metrics.globalRegistry),
              Clock.systemUTC());
      Properties props =
          StreamsThroughput.settings(defaults, run + "-vigie", state, kafka).toProperties();
      props.put("vigie.dead-letter.topic", topics.streamsDeadLetters().name());
      double measured =
          StreamsThroughput.measure(
              vigie, props, topics.enrichedPosts().name(), sample.size(), kafka);
      out().printf(Locale.ROOT, "Dedup + enrichment: %,.0f posts/s%n", measured);
      String table =
          String.format(
              Locale.ROOT,
              "| measurement (%,d generated posts, %s, %d partitions) | posts/s | vs. pass-through | target |%n"
                  + "|---|---:|---:|---|%n"
                  + "| pass-through chain (same hops, repartition, state writes) | %,.0f | 100%% | baseline |%n"
                  + "| `DedupTopology` + `EnrichmentTopology` | %,.0f | %.0f%% | >= 60%% |%n",
              sample.size(),
              defaults.processingGuarantee(),
              partitions,
              baseline,
              measured,
              100 * measured / baseline);
      BenchReport.report(out(), output, "Streams benchmark", "streams", table);
      return ExitCode.OK.code();
    } finally {
      if (stack != null) {
        stack.close();
        stack.deleteData();
      }
    }
  }
}
