package io.vigie.ops.cli;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.micrometer.core.instrument.Metrics;
import io.vigie.core.health.ConsumerLag;
import io.vigie.core.text.Durations;
import io.vigie.indexer.IndexNames;
import io.vigie.indexer.elasticsearch.ElasticsearchClients;
import io.vigie.indexer.setup.IndexTemplates;
import io.vigie.ingest.generate.ScenarioGenerator;
import io.vigie.ops.Connections;
import io.vigie.ops.Pipeline;
import io.vigie.ops.bench.LiveLoad;
import io.vigie.ops.bench.PassThroughTopology;
import io.vigie.ops.bench.ProcessMemory;
import io.vigie.ops.config.VigieConfig;
import io.vigie.ops.stack.ChildProcesses;
import io.vigie.ops.stack.LocalStack;
import io.vigie.schema.EnrichedPost;
import io.vigie.schema.Post;
import io.vigie.schema.VigieTopics;
import io.vigie.streams.StreamsSettings;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.StreamsBuilder;
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
      names = "--output",
      paramLabel = "FILE",
      description =
          "Also write the table, with the machine's description, to this Markdown file (and a plot of memory and lag beside it with --soak).")
  Path output;

  @Override
  public Integer call() throws Exception {
    VigieConfig config = config();
    Duration liveFor = soak && live.equals("3m") ? Duration.ofMinutes(30) : Durations.parse(live);
    Duration sampleEvery = soak ? Duration.ofSeconds(30) : Duration.ofSeconds(10);
    LocalStack stack =
        LocalStack.start(
            LocalStack.Spec.from(config, "bench-pipeline").withName("bench-pipeline"), true);
    Path state = Files.createTempDirectory("vigie-bench-pipeline-");
    try {
      Connections connections = Connections.of(config, Optional.of(stack));
      Map<String, Object> kafka = connections.kafka();
      String run =
          "bp"
              + DateTimeFormatter.ofPattern("HHmmss")
                  .withZone(ZoneOffset.UTC)
                  .format(Instant.now());
      Pipeline.Naming base = Pipeline.Naming.from(config);
      int partitions = config.integer(VigieConfig.TOPICS_PARTITIONS);
      Duration warmup = Duration.ofMinutes(config.integer(VigieConfig.DETECT_WARMUP_MINUTES));
      List<Post> history = history(posts, warmup.plusMinutes(20));
      int recordSize = BenchCommand.Ingest.averageRecordSize(history, base.topics());
      say(
          "Generated %,d posts over %s of event time (%d bytes per Avro record on average).",
          history.size(), warmup.plusMinutes(20), recordSize);
      Figures figures = new Figures();
      figures.posts = history.size();
      figures.partitions = partitions;

      // Baselines: Kafka's own tools on a topic of the same record size.
      String toolTopic = run + ".tools";
      try (Admin admin = Admin.create(kafka)) {
        admin
            .createTopics(
                List.of(new NewTopic(toolTopic, Optional.of(partitions), Optional.empty())))
            .all()
            .get();
      }
      figures.producerTool =
          BenchCommand.Ingest.producerPerformance(kafka, toolTopic, history.size(), recordSize);
      say("Kafka ProducerPerformance: %,.0f records/s", figures.producerTool);
      figures.consumerTool =
          consumerPerformance(stack.bootstrapServers().orElseThrow(), toolTopic, history.size());
      say("Kafka ConsumerPerformance: %,.0f records/s", figures.consumerTool);

      // Baseline: one hop of Kafka Streams with exactly-once, a state write and nothing else.
      figures.passThrough = passThrough(config, kafka, run, state, history);
      say("Pass-through topology: %,.0f posts/s", figures.passThrough);

      // The Kafka side of Vigie: dedup, enrichment, detection, incidents, no indexer. A first,
      // shorter run warms this JVM's compiled code, which the pass-through never exercised.
      kafkaSide(
          connections,
          config,
          base.isolated(run + "w", state.resolve("warm-up")),
          history.subList(0, Math.min(history.size(), Math.max(1000, history.size() / 4))));
      Pipeline.Naming kafkaSide = base.isolated(run + "k", state.resolve("kafka-side"));
      figures.kafkaSide = kafkaSide(connections, config, kafkaSide, history);
      say(
          "Vigie, Kafka side (raw -> unique -> enriched -> detection -> alerts): %,.0f posts/s",
          figures.kafkaSide);

      // Baseline: the enriched posts that run wrote, bulk-indexed straight from memory.
      List<EnrichedPost> documents = readAll(kafka, kafkaSide.topics());
      ElasticsearchClient client = ElasticsearchClients.create(connections.elasticsearch());
      try {
        figures.rawBulk = rawBulk(config, client, base.indexPrefix() + run + "-", documents);
        figures.documents = documents.size();
        say("Raw BulkIngester: %,.0f docs/s (%,d unique posts)", figures.rawBulk, documents.size());

        // The whole pipeline, indexer included; it then stays up for the live phase.
        Pipeline.Naming whole = base.isolated(run + "e", state.resolve("end-to-end"));
        Pipeline.setup(connections, config, whole, 0, Duration.ofDays(2));
        publish(kafka, whole, history);
        try (Pipeline pipeline = Pipeline.start(connections, config, whole, Clock.systemUTC());
            Admin admin = Admin.create(kafka)) {
          Map<String, List<String>> groups = whole.consumerGroups("none");
          figures.endToEnd =
              catchUp(
                  kafka,
                  whole.topics().enrichedPosts().name(),
                  history.size(),
                  () ->
                      caughtUp(admin, whole.applicationId(), whole.streamsInputTopics())
                          && caughtUp(
                              admin, whole.indexerGroupId(), groups.get(whole.indexerGroupId())));
          say("Vigie, end to end with indexing: %,.0f posts/s", figures.endToEnd);

          figures.liveRate = Math.max(1, (int) (figures.endToEnd / 2));
          say(
              "Live phase: %,d posts/s for %s, planted episodes every 20 s ...",
              figures.liveRate, liveFor);
          List<Long> pids =
              List.of(
                  ProcessHandle.current().pid(),
                  stack.kafka().orElseThrow().process().pid(),
                  stack.elasticsearch().orElseThrow().process().pid());
          LiveLoad.Result result =
              new LiveLoad(
                      kafka,
                      whole,
                      client,
                      Metrics.globalRegistry,
                      figures.liveRate,
                      liveFor,
                      sampleEvery,
                      config.detectionSettings().horizons().get(0))
                  .run(
                      () -> {
                        List<String> sample = new ArrayList<>();
                        for (long pid : pids) {
                          sample.add(ProcessMemory.mib(ProcessMemory.rss(pid)));
                          sample.add(ProcessMemory.mib(heap(pid, pids, client)));
                        }
                        sample.add(
                            Long.toString(
                                lag(admin, whole.applicationId(), whole.streamsInputTopics())));
                        sample.add(
                            Long.toString(
                                lag(
                                    admin,
                                    whole.indexerGroupId(),
                                    groups.get(whole.indexerGroupId()))));
                        return sample;
                      });
          figures.live = result;
        }
      } finally {
        client._transport().close();
      }
      String table = figures.table(config, liveFor);
      BenchCommand.Ingest.report(
          out(),
          output,
          soak ? "Pipeline soak" : "Pipeline benchmark",
          soak ? "pipeline --soak" : "pipeline",
          table);
      if (output != null && soak) {
        Path plot = output.resolveSibling("pipeline-soak.svg");
        Files.writeString(plot, figures.live.plot(), StandardCharsets.UTF_8);
        out().println("Plot written to " + plot);
      }
      return ExitCode.OK.code();
    } finally {
      stack.close();
      stack.deleteData();
    }
  }

  /** Posts/s of dedup, enrichment and detection over {@code posts} in topics of their own. */
  private static double kafkaSide(
      Connections connections, VigieConfig config, Pipeline.Naming naming, List<Post> posts)
      throws Exception {
    Pipeline.setup(connections, config, naming, 0, Duration.ofDays(2));
    publish(connections.kafka(), naming, posts);
    try (Pipeline pipeline =
            Pipeline.start(
                connections, config, naming, Clock.systemUTC(), EnumSet.of(Pipeline.Part.STREAMS));
        Admin admin = Admin.create(connections.kafka())) {
      return catchUp(
          connections.kafka(),
          naming.topics().enrichedPosts().name(),
          posts.size(),
          () -> caughtUp(admin, naming.applicationId(), naming.streamsInputTopics()));
    }
  }

  private void say(String format, Object... args) {
    out().printf(Locale.ROOT, format + "%n", args);
    out().flush();
  }

  /**
   * {@code count} posts spread over {@code span} ending a minute ago: long enough for every
   * detection task to pass its warm-up, so that the live phase's new subjects count as quiet.
   */
  static List<Post> history(int count, Duration span) {
    double perMinute = (double) count / span.toMinutes();
    while (true) {
      List<Post> all =
          new ScenarioGenerator(11, Instant.now().minus(span).minusSeconds(60), span, perMinute)
              .generate(List.of())
              .posts();
      if (all.size() >= count) {
        // Thinned evenly rather than cut, so that the posts still span the whole warm-up.
        List<Post> thinned = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
          thinned.add(all.get((int) ((long) i * all.size() / count)));
        }
        return thinned;
      }
      perMinute *= 1.1 * count / Math.max(1, all.size());
    }
  }

  /** Kafka's consumer tool in a child JVM: its fetch rate, which leaves the group join out. */
  private static double consumerPerformance(String bootstrap, String topic, int records)
      throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
                "-cp",
                ChildProcesses.classPath()));
    command.addAll(ChildProcesses.watchedMain("org.apache.kafka.tools.ConsumerPerformance"));
    command.addAll(
        List.of(
            "--bootstrap-server",
            bootstrap,
            "--topic",
            topic,
            "--num-records",
            Integer.toString(records),
            "--timeout",
            "60000",
            "--hide-header"));
    Process process =
        ChildProcesses.start(
            new ProcessBuilder(command).redirectErrorStream(true), Duration.ofSeconds(10));
    String last = null;
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = lines.readLine()) != null; ) {
        if (line.split(",").length >= 10) {
          last = line;
        }
      }
    }
    if (process.waitFor() != 0 || last == null) {
      throw new IllegalStateException(
          "ConsumerPerformance failed (exit " + process.exitValue() + ")");
    }
    String[] fields = last.split(",");
    return Double.parseDouble(fields[fields.length - 1].trim()); // fetch.nMsg.sec
  }

  private static double passThrough(
      VigieConfig config, Map<String, Object> kafka, String run, Path state, List<Post> history)
      throws Exception {
    VigieTopics topics = VigieTopics.withPrefix(run + "p.");
    String unique = run + "p.pass.unique";
    String enriched = run + "p.pass.enriched";
    BenchStreamsCommand.createTopics(
        kafka, topics, config.integer(VigieConfig.TOPICS_PARTITIONS), unique, enriched);
    BenchStreamsCommand.publishAll(kafka, topics.rawPosts(), history);
    StreamsBuilder builder = new StreamsBuilder();
    new PassThroughTopology(topics, unique, enriched).build(builder);
    StreamsSettings defaults = config.streamsSettings(kafka);
    return BenchStreamsCommand.measure(
        builder.build(),
        BenchStreamsCommand.settings(defaults, run + "-pass", state, kafka).toProperties(),
        enriched,
        history.size(),
        kafka);
  }

  private static void publish(Map<String, Object> kafka, Pipeline.Naming naming, List<Post> posts)
      throws Exception {
    BenchStreamsCommand.publishAll(kafka, naming.topics().rawPosts(), posts);
  }

  /** Whether a check says the work is done; may throw while servers answer slowly. */
  private interface Done {
    boolean check() throws Exception;
  }

  /**
   * Posts/s from the first record on {@code firstOutput} (so that group joins and producer fencing,
   * paid once, are left out, as in the pass-through measurement) until {@code done}.
   */
  private static double catchUp(Map<String, Object> kafka, String firstOutput, int posts, Done done)
      throws Exception {
    Map<String, Object> props = new HashMap<>(kafka);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    long first = 0;
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(firstOutput).stream()
              .map(p -> new TopicPartition(firstOutput, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
      while (first == 0) {
        if (consumer.poll(Duration.ofMillis(50)).count() > 0) {
          first = System.nanoTime();
        } else if (System.nanoTime() > deadline) {
          throw new IllegalStateException("Nothing reached " + firstOutput + " in 30 minutes");
        }
      }
      while (!done.check()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("The pipeline did not catch up in 30 minutes");
        }
        Thread.sleep(200);
      }
    }
    return posts / Math.max(1e-3, (System.nanoTime() - first) / 1e9);
  }

  private static boolean caughtUp(Admin admin, String group, List<String> topics)
      throws InterruptedException {
    ConsumerLag.Position position = ConsumerLag.position(admin, group, topics);
    return position.end() > 0 && position.consumed() >= position.end();
  }

  private static long lag(Admin admin, String group, List<String> topics) {
    try {
      return ConsumerLag.of(admin, group, topics);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    } catch (RuntimeException e) {
      return -1;
    }
  }

  /** Elasticsearch runs as another user, out of jcmd's reach: it says its own heap. */
  private static OptionalLong heap(long pid, List<Long> pids, ElasticsearchClient client) {
    if (pid != pids.get(2)) {
      return ProcessMemory.heapUsed(pid);
    }
    try {
      return client.nodes().stats(s -> s.metric("jvm")).nodes().values().stream()
          .mapToLong(n -> n.jvm().mem().heapUsedInBytes())
          .findFirst();
    } catch (Exception e) {
      return OptionalLong.empty();
    }
  }

  private static List<EnrichedPost> readAll(Map<String, Object> kafka, VigieTopics topics) {
    Map<String, Object> props = new HashMap<>(kafka);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    var topic = topics.enrichedPosts();
    List<EnrichedPost> all = new ArrayList<>();
    try (KafkaConsumer<String, EnrichedPost> consumer =
        new KafkaConsumer<>(
            props, topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic.name()).stream()
              .map(p -> new TopicPartition(topic.name(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> all.add(r.value()));
      }
    }
    return all;
  }

  /** The enriched posts bulk-indexed with the indexer's settings, after a warm-up round. */
  private static double rawBulk(
      VigieConfig config, ElasticsearchClient client, String prefix, List<EnrichedPost> documents)
      throws Exception {
    IndexTemplates.Retention retention = config.indexRetention();
    new IndexTemplates(prefix + "warm-", 0, retention).apply(client);
    new IndexTemplates(prefix + "raw-", 0, retention).apply(client);
    BenchIndexCommand.rawBulk(
        client, config.indexerSettings(), new IndexNames(prefix + "warm-"), documents);
    return BenchIndexCommand.rawBulk(
        client, config.indexerSettings(), new IndexNames(prefix + "raw-"), documents);
  }

  /** What one run measured, and its table. */
  private static final class Figures {
    int posts;
    int documents;
    int partitions;
    double producerTool;
    double consumerTool;
    double passThrough;
    double kafkaSide;
    double rawBulk;
    double endToEnd;
    int liveRate;
    LiveLoad.Result live;

    String table(VigieConfig config, Duration liveFor) {
      StringBuilder t = new StringBuilder();
      t.append(
          String.format(
              Locale.ROOT,
              "| throughput (%,d generated posts, %d partitions, %s, stream threads: %d) | posts/s | vs. baseline | target |%n"
                  + "|---|---:|---:|---|%n",
              posts,
              partitions,
              config.string(VigieConfig.STREAMS_GUARANTEE),
              config.integer(VigieConfig.STREAMS_THREADS)));
      row(
          t,
          "Kafka `ProducerPerformance` (same record size, Vigie's producer settings)",
          producerTool,
          "",
          "baseline");
      row(t, "Kafka `ConsumerPerformance` (fetch rate)", consumerTool, "", "baseline");
      row(
          t,
          "pass-through topology (one hop, exactly-once, a state write)",
          passThrough,
          "",
          "baseline");
      row(
          t,
          "raw `BulkIngester` (the run's "
              + String.format(Locale.ROOT, "%,d", documents)
              + " enriched posts, indexer's bulk settings)",
          rawBulk,
          "",
          "baseline");
      row(
          t,
          "**Vigie, Kafka side**: raw → dedup → enrichment → detection → incidents",
          kafkaSide,
          pct(kafkaSide, passThrough) + " of pass-through",
          ">= 6,000 posts/s and >= 50% of pass-through: "
              + (kafkaSide >= 6000 && kafkaSide >= passThrough / 2 ? "met" : "**missed**"));
      row(
          t,
          "**Vigie, end to end** with the indexer (posts, signals, alerts)",
          endToEnd,
          pct(endToEnd, rawBulk) + " of raw bulk",
          ">= 60% of raw bulk: " + (endToEnd >= 0.6 * rawBulk ? "met" : "**missed**"));
      t.append(
          String.format(
              Locale.ROOT,
              "%n| latency at %,d posts/s (half the end-to-end rate) for %s | p50 | p99 | samples | target |%n"
                  + "|---|---:|---:|---:|---|%n",
              liveRate,
              liveFor));
      t.append(live.latencyRows());
      t.append(
          String.format(
              Locale.ROOT,
              "%nPosts published live: %,d (%,.0f/s achieved). Planted episodes: %d, alerted: %d.%n",
              live.published(),
              live.achievedRate(),
              live.planted(),
              live.alerted()));
      t.append("\n").append(live.memoryTable());
      return t.toString();
    }

    private static void row(
        StringBuilder t, String what, double rate, String ratio, String target) {
      t.append(String.format(Locale.ROOT, "| %s | %,.0f | %s | %s |%n", what, rate, ratio, target));
    }

    private static String pct(double value, double of) {
      return String.format(Locale.ROOT, "%.0f%%", 100 * value / of);
    }
  }
}
