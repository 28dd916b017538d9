package io.vigie.devtools.cli;

import io.micrometer.core.instrument.Metrics;
import io.vigie.app.cli.ExitCode;
import io.vigie.app.cli.VigieCommand;
import io.vigie.app.config.VigieConfig;
import io.vigie.core.health.ConsumerLag;
import io.vigie.core.kafka.TopicSetup;
import io.vigie.devtools.bench.BenchReport;
import io.vigie.devtools.bench.BenchStacks;
import io.vigie.localstack.LocalStack;
import io.vigie.schema.EnrichedPost;
import io.vigie.schema.Post;
import io.vigie.schema.VigieTopics;
import io.vigie.streams.BoundedRocksDbMemory;
import io.vigie.streams.StageMeters;
import io.vigie.streams.StreamsSettings;
import io.vigie.streams.detect.DetectionTopology;
import io.vigie.streams.enrich.TextAnalysis;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vigie bench state}: the memory a detection instance needs for an open vocabulary. Enriched
 * posts carrying {@code --terms} distinct never-seen words within {@code --minutes} of event time
 * go through the detection topology on the real broker, in this process, while its resident set
 * size, heap and RocksDB cache are sampled.
 */
@Command(
    name = "state",
    mixinStandardHelpOptions = true,
    description = {
      "Resident memory of a detection instance fed a million distinct terms within an hour (by default), on the real broker.",
      "Run it with the heap you would give an instance, e.g. VIGIE_JAVA_OPTS=-Xmx512m; streams.rocksdb-memory-mb bounds RocksDB."
    })
final class BenchStateCommand extends VigieCommand {

  private static final int COMMON_WORDS = 2_000;
  private static final int COMMON_WORDS_PER_POST = 5;

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
      String run =
          "bench-state-"
              + DateTimeFormatter.ofPattern("yyyyMMddHHmmss")
                  .withZone(ZoneOffset.UTC)
                  .format(Instant.now());
      VigieTopics topics = VigieTopics.withPrefix(run + ".");
      int partitions = config.integer(VigieConfig.TOPICS_PARTITIONS);
      try (Admin admin = Admin.create(kafka)) {
        new TopicSetup(partitions, (short) -1, Duration.ofDays(2)).ensure(admin, topics);
      }
      int posts = (terms + newTermsPerPost - 1) / newTermsPerPost;
      publish(topics, kafka, posts);
      out()
          .printf(
              Locale.ROOT, "Published %,d enriched posts carrying %,d new terms%n", posts, terms);
      out().flush();

      StreamsSettings defaults = config.streamsSettings(kafka);
      String applicationId = run + "-detect";
      StreamsSettings settings =
          new StreamsSettings(
              applicationId,
              state.resolve(applicationId),
              defaults.processingGuarantee(),
              defaults.threads(),
              0,
              defaults.kafkaProperties());
      StreamsBuilder builder = new StreamsBuilder();
      new DetectionTopology(
              topics,
              config.detectionSettings(),
              new TextAnalysis(),
              new StageMeters(Metrics.globalRegistry))
          .build(builder);
      Sampler sampler = new Sampler();
      ScheduledExecutorService every = Executors.newSingleThreadScheduledExecutor();
      every.scheduleAtFixedRate(sampler::sample, 0, 200, TimeUnit.MILLISECONDS);
      long started = System.nanoTime();
      long subjects;
      try (KafkaStreams streams = new KafkaStreams(builder.build(), settings.toProperties());
          Admin admin = Admin.create(kafka)) {
        streams.start();
        List<String> inputs =
            List.of(
                topics.enrichedPosts().name(),
                DetectionTopology.subjectsRepartitionTopic(applicationId));
        long deadline = System.nanoTime() + Duration.ofMinutes(60).toNanos();
        long lag;
        do {
          TimeUnit.SECONDS.sleep(2);
          if (streams.state() == KafkaStreams.State.ERROR || System.nanoTime() > deadline) {
            throw new IllegalStateException("Detection did not catch up: " + streams.state());
          }
          lag = ConsumerLag.of(admin, applicationId, inputs);
          sampler.storeMemory(streams);
          out().printf(Locale.ROOT, "  lag %,d, RSS %s%n", lag, mib(sampler.rss.get()));
          out().flush();
        } while (lag > 0 || !streams.state().isRunningOrRebalancing());
        subjects = estimatedKeys(streams);
        sampler.storeMemory(streams);
      } finally {
        every.shutdownNow();
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      String table =
          String.format(
              Locale.ROOT,
              "| measurement | value |%n"
                  + "|---|---:|%n"
                  + "| distinct new terms, event-time span | %,d in %d min |%n"
                  + "| enriched posts (5 common words + %d new terms each) | %,d |%n"
                  + "| subjects in the `detect-subjects` store (RocksDB estimate) | %,d |%n"
                  + "| time to catch up (start-up included) | %.0f s (%,.0f posts/s) |%n"
                  + "| JVM max heap | %s |%n"
                  + "| RocksDB budget (`streams.rocksdb-memory-mb`), peak cache use | %s, %s |%n"
                  + "| peak heap used | %s |%n"
                  + "| **peak resident set size (RSS)** | **%s** (target: at most 1 GiB) |%n"
                  + "| state directory on disk at the end | %s |%n",
              terms,
              minutes,
              newTermsPerPost,
              posts,
              subjects,
              seconds,
              posts / seconds,
              mib(Runtime.getRuntime().maxMemory()),
              mib(BoundedRocksDbMemory.budget()),
              mib(sampler.cache.get()),
              mib(sampler.heap.get()),
              mib(sampler.rss.get()),
              mib(sizeOf(state)));
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

  /**
   * Posts spread evenly over the span, ending now, each with common words (a Zipf-like pick among
   * {@value #COMMON_WORDS}) and new ones: the worst case for an open vocabulary, every word a key.
   */
  private void publish(VigieTopics topics, Map<String, Object> kafka, int posts) throws Exception {
    Map<String, Object> props = new HashMap<>(kafka);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    SplittableRandom random = new SplittableRandom(17);
    long end = Instant.now().toEpochMilli();
    long span = Duration.ofMinutes(minutes).toMillis();
    int next = 0;
    AtomicReference<Exception> failure = new AtomicReference<>();
    try (KafkaProducer<String, EnrichedPost> producer =
        new KafkaProducer<>(
            props, new StringSerializer(), topics.enrichedPosts().valueSerde().serializer())) {
      for (int i = 0; i < posts; i++) {
        Instant at = Instant.ofEpochMilli(end - span + span * i / posts);
        List<String> words = new ArrayList<>(COMMON_WORDS_PER_POST + newTermsPerPost);
        for (int w = 0; w < COMMON_WORDS_PER_POST; w++) {
          int rank =
              (int)
                  Math.min(
                      COMMON_WORDS - 1, Math.floor(Math.pow(COMMON_WORDS, random.nextDouble())));
          words.add("common" + word(rank));
        }
        for (int w = 0; w < newTermsPerPost && next < terms; w++) {
          words.add("new" + word(next++));
        }
        String id = "state-" + i;
        Post post =
            Post.newBuilder()
                .setSource("bench")
                .setId(id)
                .setText(String.join(" ", words))
                .setCreatedAt(at)
                .setIngestedAt(at)
                .build();
        EnrichedPost enriched =
            EnrichedPost.newBuilder()
                .setPost(post)
                .setEnrichedAt(at)
                .setWords(words)
                .setClusterId("bench:" + id)
                .build();
        producer.send(
            new ProducerRecord<>(
                topics.enrichedPosts().name(), null, at.toEpochMilli(), "bench:" + id, enriched),
            (metadata, e) -> {
              if (e != null) {
                failure.compareAndSet(null, e);
              }
            });
      }
      producer.flush();
      if (failure.get() != null) {
        throw new IllegalStateException("Posts not published: " + failure.get(), failure.get());
      }
    }
  }

  /** Letters only (digits are not terms): base 26. */
  static String word(int index) {
    StringBuilder word = new StringBuilder();
    int rest = index;
    do {
      word.append((char) ('a' + rest % 26));
      rest /= 26;
    } while (rest > 0);
    return word.toString();
  }

  /** Peaks of what the process holds, sampled. */
  private static final class Sampler {
    final AtomicLong rss = new AtomicLong();
    final AtomicLong heap = new AtomicLong();
    final AtomicLong cache = new AtomicLong();

    void sample() {
      rss.accumulateAndGet(residentSetSize(), Math::max);
      heap.accumulateAndGet(
          ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
    }

    /** The shared block cache's use, as every store reports it (the same cache: the max). */
    void storeMemory(KafkaStreams streams) {
      for (Metric metric : streams.metrics().values()) {
        if (metric.metricName().name().equals("block-cache-usage")
            && metric.metricValue() instanceof Number value) {
          cache.accumulateAndGet(value.longValue(), Math::max);
        }
      }
    }
  }

  private static long estimatedKeys(KafkaStreams streams) {
    long keys = 0;
    for (Metric metric : streams.metrics().values()) {
      if (metric.metricName().name().equals("estimate-num-keys")
          && "detect-subjects".equals(metric.metricName().tags().get("rocksdb-state-id"))
          && metric.metricValue() instanceof Number value) {
        keys += value.longValue();
      }
    }
    return keys;
  }

  /** VmRSS from /proc (Linux), in bytes; 0 where there is none. */
  static long residentSetSize() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
    return 0;
  }

  private static long sizeOf(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }

  private static String mib(long bytes) {
    return String.format(Locale.ROOT, "%,.0f MiB", bytes / (1024.0 * 1024.0));
  }
}
