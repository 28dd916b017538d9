package io.vigie.devtools.bench;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.vigie.app.Connections;
import io.vigie.app.Pipeline;
import io.vigie.app.config.VigieConfig;
import io.vigie.core.health.ConsumerLag;
import io.vigie.indexer.IndexNames;
import io.vigie.indexer.elasticsearch.ElasticsearchClients;
import io.vigie.indexer.setup.IndexTemplates;
import io.vigie.ingest.generate.ScenarioGenerator;
import io.vigie.localstack.LocalStack;
import io.vigie.schema.EnrichedPost;
import io.vigie.schema.Post;
import io.vigie.schema.VigieTopics;
import io.vigie.streams.StreamsSettings;
import io.vigie.streams.VigieStreamsApp;
import java.io.PrintWriter;
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
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.StreamsBuilder;

/**
 * The whole pipeline on one local broker and Elasticsearch node, next to Kafka's own tools, a
 * pass-through topology and a raw bulk indexer measured in the same run on the same servers; then
 * latencies at half the sustained rate, and memory per process.
 */
public final class PipelineBenchmark {

  private final VigieConfig config;
  private final PrintWriter out;
  private final MeterRegistry registry;
  private final int posts;
  private final Duration liveFor;
  private final Duration sampleEvery;
  private final int scaleOutTo;
  private final Path jar;

  /**
   * Measures with {@code posts} generated history posts per throughput measurement, a live phase
   * lasting {@code liveFor} sampled every {@code sampleEvery}, progress printed to {@code out};
   * with {@code scaleOutTo} above 0, also the Kafka side run by 1 to {@code scaleOutTo} {@code
   * vigie streams} processes of the launcher {@code jar}.
   */
  public PipelineBenchmark(
      VigieConfig config,
      PrintWriter out,
      MeterRegistry registry,
      int posts,
      Duration liveFor,
      Duration sampleEvery,
      int scaleOutTo,
      Path jar) {
    this.scaleOutTo = scaleOutTo;
    this.jar = jar;
    this.config = config;
    this.out = out;
    this.registry = registry;
    this.posts = posts;
    this.liveFor = liveFor;
    this.sampleEvery = sampleEvery;
  }

  /** Every figure of the run, on {@code stack}'s fresh servers, with state under {@code state}. */
  public PipelineFigures measure(LocalStack stack, Path state) throws Exception {
    Connections connections = Connections.of(config, Optional.of(stack));
    Map<String, Object> kafka = connections.kafka();
    String run =
        "bp" + DateTimeFormatter.ofPattern("HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
    Pipeline.Naming base = Pipeline.Naming.from(config);
    int partitions = config.integer(VigieConfig.TOPICS_PARTITIONS);
    Duration warmup = Duration.ofMinutes(config.integer(VigieConfig.DETECT_WARMUP_MINUTES));
    List<Post> history = history(posts, warmup.plusMinutes(20));
    int recordSize = IngestBenchmark.averageRecordSize(history, base.topics());
    say(
        "Generated %,d posts over %s of event time (%d bytes per Avro record on average).",
        history.size(), warmup.plusMinutes(20), recordSize);
    PipelineFigures figures = new PipelineFigures();
    figures.posts = history.size();
    figures.partitions = partitions;

    // Baselines: Kafka's own tools on a topic of the same record size.
    String toolTopic = run + ".tools";
    try (Admin admin = Admin.create(kafka)) {
      admin
          .createTopics(List.of(new NewTopic(toolTopic, Optional.of(partitions), Optional.empty())))
          .all()
          .get();
    }
    figures.producerTool =
        KafkaPerformanceTools.producerPerformance(kafka, toolTopic, history.size(), recordSize);
    say("Kafka ProducerPerformance: %,.0f records/s", figures.producerTool);
    figures.consumerTool =
        KafkaPerformanceTools.consumerPerformance(
            stack.bootstrapServers().orElseThrow(), toolTopic, history.size());
    say("Kafka ConsumerPerformance: %,.0f records/s", figures.consumerTool);

    // Baseline: one hop of Kafka Streams with exactly-once, a state write and nothing else.
    figures.passThrough = passThrough(kafka, run, state, history);
    say("Pass-through topology: %,.0f posts/s", figures.passThrough);

    // The Kafka side of Vigie: dedup, enrichment, detection, incidents, no indexer. A first,
    // shorter run warms this JVM's compiled code, which the pass-through never exercised.
    kafkaSide(
        connections,
        base.isolated(run + "w", state.resolve("warm-up")),
        history.subList(0, Math.min(history.size(), Math.max(1000, history.size() / 4))));
    Pipeline.Naming kafkaSide = base.isolated(run + "k", state.resolve("kafka-side"));
    KafkaSideRun measured = kafkaSide(connections, kafkaSide, history);
    figures.kafkaSide = measured.postsPerSecond();
    figures.threadTime = measured.threadTime();
    say(
        "Vigie, Kafka side (raw -> enriched -> detection -> alerts): %,.0f posts/s",
        figures.kafkaSide);

    // Scale-out: the same posts through 1, 2, ... vigie streams processes of the launcher.
    ScaleOut scaleOut = new ScaleOut(config, connections, stack, jar, registry);
    for (int instances = 1; instances <= scaleOutTo; instances++) {
      double rate =
          scaleOut.kafkaSide(
              base.isolated(run + "s" + instances, state.resolve("scale-out-" + instances)),
              history,
              instances,
              state.resolve("scale-out-" + instances));
      figures.scaleOut.put(instances, rate);
      say("Vigie, Kafka side in %d vigie streams process(es): %,.0f posts/s", instances, rate);
    }

    // Baseline: the enriched posts that run wrote, bulk-indexed straight from memory.
    List<EnrichedPost> documents = readAll(kafka, kafkaSide.topics());
    ElasticsearchClient client = ElasticsearchClients.create(connections.elasticsearch());
    try {
      figures.rawBulk = rawBulk(client, base.indexPrefix() + run + "-", documents);
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
                    registry,
                    figures.liveRate,
                    liveFor,
                    sampleEvery,
                    config.detectionSettings().horizons().get(0))
                .run(
                    () -> {
                      List<String> sample = new ArrayList<>();
                      for (long pid : pids) {
                        // The stack's servers are this process's children: Vigie's own figure
                        // leaves them out, as they have lines of their own.
                        Set<Long> servers =
                            pid == pids.get(0) ? Set.copyOf(pids.subList(1, 3)) : Set.of();
                        sample.add(ProcessMemory.mib(ProcessMemory.rss(pid, servers)));
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
    return figures;
  }

  /** Posts/s of the Kafka side, and where its stream thread's time went meanwhile. */
  private record KafkaSideRun(double postsPerSecond, StreamThreadTime threadTime) {}

  /** Dedup, enrichment and detection over {@code posts} in topics of their own. */
  private KafkaSideRun kafkaSide(Connections connections, Pipeline.Naming naming, List<Post> posts)
      throws Exception {
    Pipeline.setup(connections, config, naming, 0, Duration.ofDays(2));
    publish(connections.kafka(), naming, posts);
    try (Pipeline pipeline =
            Pipeline.start(
                connections, config, naming, Clock.systemUTC(), EnumSet.of(Pipeline.Part.STREAMS));
        Admin admin = Admin.create(connections.kafka())) {
      VigieStreamsApp streams = pipeline.streams().orElseThrow();
      StreamThreadTime threadTime = new StreamThreadTime(streams.description());
      double rate =
          catchUp(
              connections.kafka(),
              naming.topics().enrichedPosts().name(),
              posts.size(),
              () -> {
                threadTime.sample(streams.streams().metrics());
                return caughtUp(admin, naming.applicationId(), naming.streamsInputTopics());
              });
      return new KafkaSideRun(rate, threadTime);
    }
  }

  private void say(String format, Object... args) {
    out.printf(Locale.ROOT, format + "%n", args);
    out.flush();
  }

  /**
   * {@code count} posts spread over {@code span} ending a minute ago: long enough for every
   * detection task to pass its warm-up, so that the live phase's new subjects count as quiet.
   */
  private static List<Post> history(int count, Duration span) {
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

  private double passThrough(Map<String, Object> kafka, String run, Path state, List<Post> history)
      throws Exception {
    VigieTopics topics = VigieTopics.withPrefix(run + "p.");
    String enriched = run + "p.pass.enriched";
    StreamsThroughput.createTopics(
        kafka, topics, config.integer(VigieConfig.TOPICS_PARTITIONS), enriched);
    StreamsThroughput.publishAll(kafka, topics.rawPosts(), history, registry);
    StreamsBuilder builder = new StreamsBuilder();
    new PassThroughTopology(topics, enriched).build(builder);
    StreamsSettings defaults = config.streamsSettings(kafka);
    return StreamsThroughput.measure(
        builder.build(),
        StreamsThroughput.settings(defaults, run + "-pass", state, kafka).toProperties(),
        enriched,
        history.size(),
        kafka);
  }

  private void publish(Map<String, Object> kafka, Pipeline.Naming naming, List<Post> posts)
      throws Exception {
    StreamsThroughput.publishAll(kafka, naming.topics().rawPosts(), posts, registry);
  }

  /** Whether a check says the work is done; may throw while servers answer slowly. */
  interface Done {
    boolean check() throws Exception;
  }

  /**
   * Posts/s from the first record on {@code firstOutput} (so that group joins and producer fencing,
   * paid once, are left out, as in the pass-through measurement) until {@code done}.
   */
  static double catchUp(Map<String, Object> kafka, String firstOutput, int posts, Done done)
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

  static boolean caughtUp(Admin admin, String group, List<String> topics)
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
  private double rawBulk(ElasticsearchClient client, String prefix, List<EnrichedPost> documents)
      throws Exception {
    IndexTemplates.Retention retention = config.indexRetention();
    new IndexTemplates(prefix + "warm-", 0, retention).apply(client);
    new IndexTemplates(prefix + "raw-", 0, retention).apply(client);
    RawBulkIndexing.rawBulk(
        client, config.indexerSettings(), new IndexNames(prefix + "warm-"), documents);
    return RawBulkIndexing.rawBulk(
        client, config.indexerSettings(), new IndexNames(prefix + "raw-"), documents);
  }
}
