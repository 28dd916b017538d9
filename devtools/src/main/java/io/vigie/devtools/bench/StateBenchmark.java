package io.vigie.devtools.bench;

import io.micrometer.core.instrument.MeterRegistry;
import io.vigie.app.config.VigieConfig;
import io.vigie.core.health.ConsumerLag;
import io.vigie.core.kafka.TopicSetup;
import io.vigie.schema.VigieTopics;
import io.vigie.streams.BoundedRocksDbMemory;
import io.vigie.streams.StageMeters;
import io.vigie.streams.StreamsSettings;
import io.vigie.streams.detect.DetectionTopology;
import io.vigie.streams.enrich.TextAnalysis;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Metric;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;

/**
 * The memory a detection instance needs for an open vocabulary: publishes {@link NewTermPosts} to
 * topics of the run's own, runs the detection topology on them in this process until it has caught
 * up, while its resident set size, heap and RocksDB cache are sampled, and returns the figures as a
 * Markdown table. Prints the lag and resident set size as it goes.
 */
public final class StateBenchmark {

  private final VigieConfig config;
  private final PrintWriter out;
  private final MeterRegistry registry;
  private final int terms;
  private final int minutes;
  private final int newTermsPerPost;

  /**
   * The benchmark for {@code terms} new terms, {@code newTermsPerPost} a post, in {@code minutes}.
   */
  public StateBenchmark(
      VigieConfig config,
      PrintWriter out,
      MeterRegistry registry,
      int terms,
      int minutes,
      int newTermsPerPost) {
    this.config = config;
    this.out = out;
    this.registry = registry;
    this.terms = terms;
    this.minutes = minutes;
    this.newTermsPerPost = newTermsPerPost;
  }

  /** Measures on the broker {@code kafka} reaches, with the stores in {@code state}. */
  public String measure(Map<String, Object> kafka, Path state) throws Exception {
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
    NewTermPosts load = new NewTermPosts(terms, minutes, newTermsPerPost);
    int posts = load.posts();
    load.publish(topics, kafka, posts);
    out.printf(Locale.ROOT, "Published %,d enriched posts carrying %,d new terms%n", posts, terms);
    out.flush();

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
            topics, config.detectionSettings(), new TextAnalysis(), new StageMeters(registry))
        .build(builder);
    StateMemoryPeaks sampler = new StateMemoryPeaks();
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
        out.printf(Locale.ROOT, "  lag %,d, RSS %s%n", lag, mib(sampler.rss.get()));
        out.flush();
      } while (lag > 0 || !streams.state().isRunningOrRebalancing());
      subjects = estimatedKeys(streams);
      sampler.storeMemory(streams);
    } finally {
      every.shutdownNow();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    return String.format(
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

  private static long sizeOf(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
  }

  private static String mib(long bytes) {
    return String.format(Locale.ROOT, "%,.0f MiB", bytes / (1024.0 * 1024.0));
  }
}
