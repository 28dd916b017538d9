package io.vigie.ops.cli;

import io.micrometer.core.instrument.Metrics;
import io.vigie.ingest.generate.ScenarioGenerator;
import io.vigie.ingest.publish.IngestMetrics;
import io.vigie.ingest.publish.PostPublisher;
import io.vigie.ops.bench.PassThroughTopology;
import io.vigie.ops.config.VigieConfig;
import io.vigie.ops.setup.TopicSetup;
import io.vigie.ops.stack.LocalStack;
import io.vigie.schema.Post;
import io.vigie.schema.Topic;
import io.vigie.schema.VigieTopics;
import io.vigie.streams.StageMeters;
import io.vigie.streams.StreamsSettings;
import io.vigie.streams.VigieStreamsApp;
import io.vigie.streams.enrich.PostEnricher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KafkaStreams;
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
    LocalStack stack =
        config.hasExternalKafka() ? null : BenchCommand.Ingest.startKafkaOnly(config);
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
      String passUnique = run + ".pass.unique";
      String passEnriched = run + ".pass.enriched";
      int partitions = config.integer(VigieConfig.TOPICS_PARTITIONS);
      createTopics(kafka, topics, partitions, passUnique, passEnriched);
      List<Post> sample = generate(posts);
      publishAll(kafka, topics.rawPosts(), sample);
      out()
          .printf(
              Locale.ROOT,
              "Published %,d generated posts to %s%n",
              sample.size(),
              topics.rawPosts().name());
      out().flush();

      StreamsSettings defaults = config.streamsSettings(kafka);
      StreamsBuilder pass = new StreamsBuilder();
      new PassThroughTopology(topics, passUnique, passEnriched).build(pass);
      double baseline =
          measure(
              pass.build(),
              settings(defaults, run + "-pass", state, kafka).toProperties(),
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
      Properties props = settings(defaults, run + "-vigie", state, kafka).toProperties();
      props.put("vigie.dead-letter.topic", topics.streamsDeadLetters().name());
      double measured = measure(vigie, props, topics.enrichedPosts().name(), sample.size(), kafka);
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
      BenchCommand.Ingest.report(out(), output, "Streams benchmark", "streams", table);
      return ExitCode.OK.code();
    } finally {
      if (stack != null) {
        stack.close();
        stack.deleteData();
      }
    }
  }

  /** Vigie's topics under {@code topics}' prefix, and the pass-through chain's two of its own. */
  static void createTopics(
      Map<String, Object> kafka, VigieTopics topics, int partitions, String... others)
      throws Exception {
    try (Admin admin = Admin.create(kafka)) {
      new TopicSetup(partitions, (short) -1, Duration.ofDays(2)).ensure(admin, topics);
      admin
          .createTopics(
              Arrays.stream(others)
                  .map(name -> new NewTopic(name, Optional.of(partitions), Optional.empty()))
                  .toList())
          .all()
          .get();
    }
  }

  /** Publishes every post and waits until the broker acknowledged them all; fails if one failed. */
  static void publishAll(Map<String, Object> kafka, Topic<String, Post> topic, List<Post> posts) {
    AtomicReference<Exception> failure = new AtomicReference<>();
    try (PostPublisher publisher =
        PostPublisher.create(topic, kafka, new IngestMetrics(Metrics.globalRegistry))) {
      for (Post post : posts) {
        publisher.publish(
            post,
            (metadata, error) -> {
              if (error != null) {
                failure.compareAndSet(null, error);
              }
            });
      }
      publisher.flush();
    }
    if (failure.get() != null) {
      throw new IllegalStateException(
          "The broker refused a benchmark post: " + failure.get().getMessage(), failure.get());
    }
  }

  /** {@code count} generated posts (the daily cycle thins the night: widen until enough). */
  static List<Post> generate(int count) {
    Duration span = Duration.ofMinutes(count / 400 + 1);
    while (true) {
      List<Post> all =
          new ScenarioGenerator(11, Instant.now().minus(span).minusSeconds(60), span, 500)
              .generate(List.of())
              .posts();
      if (all.size() >= count) {
        return all.subList(all.size() - count, all.size());
      }
      span = span.multipliedBy(2);
    }
  }

  static StreamsSettings settings(
      StreamsSettings defaults, String applicationId, Path state, Map<String, Object> kafka) {
    return new StreamsSettings(
        applicationId,
        state.resolve(applicationId),
        defaults.processingGuarantee(),
        defaults.threads(),
        0,
        kafka);
  }

  /**
   * Posts/s between the first and the last of {@code expected} output records: the application's
   * start-up (group join, producer fencing, state restoration) is left out, as it is paid once.
   */
  static double measure(
      Topology topology, Properties props, String output, int expected, Map<String, Object> kafka)
      throws Exception {
    Map<String, Object> consumerProps = new HashMap<>(kafka);
    consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(output).stream()
              .map(p -> new TopicPartition(output, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      try (KafkaStreams streams = new KafkaStreams(topology, props)) {
        streams.start();
        long seen = 0;
        long first = 0;
        long firstBatch = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
        while (seen < expected) {
          if (System.nanoTime() > deadline || streams.state() == KafkaStreams.State.ERROR) {
            throw new IllegalStateException(
                "Only " + seen + " of " + expected + " posts reached " + output);
          }
          int batch = consumer.poll(Duration.ofMillis(100)).count();
          if (batch > 0 && seen == 0) {
            first = System.nanoTime();
            firstBatch = batch;
          }
          seen += batch;
        }
        double seconds = Math.max(1e-3, (System.nanoTime() - first) / 1e9);
        return (expected - firstBatch) / seconds;
      }
    }
  }
}
