package io.vigie.devtools.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.vigie.app.config.VigieConfig;
import io.vigie.core.kafka.TopicSetup;
import io.vigie.ingest.generate.ScenarioGenerator;
import io.vigie.ingest.json.PostJson;
import io.vigie.ingest.publish.IngestMetrics;
import io.vigie.ingest.publish.KafkaPostSink;
import io.vigie.ingest.publish.PostPublisher;
import io.vigie.ingest.publish.RefusedPosts;
import io.vigie.ingest.replay.FileReplay;
import io.vigie.ingest.replay.ReplayCheckpoint;
import io.vigie.ingest.webhook.WebhookServer;
import io.vigie.ingest.webhook.WebhookSettings;
import io.vigie.schema.Post;
import io.vigie.schema.VigieTopics;
import io.vigie.schema.validation.PostValidator;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Replay -> Kafka and webhook -> Kafka posts/s, next to Kafka's own ProducerPerformance tool at the
 * same record size, on the same broker, in the same run.
 */
public final class IngestBenchmark {

  private final VigieConfig config;
  private final PrintWriter out;
  private final MeterRegistry registry;
  private final int posts;
  private final int batch;
  private final int clients;

  /**
   * Measures with {@code posts} posts per measurement, webhook requests of {@code batch} posts sent
   * by {@code clients} concurrent clients, progress printed to {@code out}.
   */
  public IngestBenchmark(
      VigieConfig config,
      PrintWriter out,
      MeterRegistry registry,
      int posts,
      int batch,
      int clients) {
    this.config = config;
    this.out = out;
    this.registry = registry;
    this.posts = posts;
    this.batch = batch;
    this.clients = clients;
  }

  /** Every measurement on the broker {@code kafka} connects to, and their table. */
  public String measure(Map<String, Object> kafka) throws Exception {
    String run =
        "bench-"
            + DateTimeFormatter.ofPattern("yyyyMMddHHmmss")
                .withZone(ZoneOffset.UTC)
                .format(Instant.now());
    VigieTopics topics = VigieTopics.withPrefix(run + ".");
    String baselineTopic = run + ".producer-performance";
    try (Admin admin = Admin.create(kafka)) {
      new TopicSetup(
              config.integer(VigieConfig.TOPICS_PARTITIONS),
              (short) config.integer(VigieConfig.TOPICS_REPLICATION),
              Duration.ofDays(2))
          .ensure(admin, topics);
      admin
          .createTopics(
              List.of(
                  new NewTopic(
                      baselineTopic,
                      Optional.of(config.integer(VigieConfig.TOPICS_PARTITIONS)),
                      Optional.empty())))
          .all()
          .get();
    }
    List<Post> generated = generate(posts);
    Path file = Files.createTempFile("vigie-bench-", ".jsonl");
    ObjectMapper json = new ObjectMapper();
    List<String> lines = new ArrayList<>(generated.size());
    for (Post post : generated) {
      lines.add(json.writeValueAsString(PostJson.toJson(post, json)));
    }
    Files.write(file, lines, StandardCharsets.UTF_8);
    int recordSize = averageRecordSize(generated, topics);
    out.printf(
        Locale.ROOT,
        "Generated %,d posts (%d bytes per Avro record on average).%n",
        generated.size(),
        recordSize);
    out.flush();

    double baseline =
        KafkaPerformanceTools.producerPerformance(
            kafka, baselineTopic, generated.size(), recordSize);
    out.printf(Locale.ROOT, "Kafka ProducerPerformance: %,.0f records/s%n", baseline);
    out.flush();
    double replay = replay(kafka, topics, file);
    out.printf(Locale.ROOT, "vigie ingest replay --speed max: %,.0f posts/s%n", replay);
    out.flush();
    double webhook = webhook(kafka, topics, lines);
    out.printf(
        Locale.ROOT,
        "vigie ingest webhook (NDJSON, %d per request, %d clients): %,.0f posts/s%n",
        batch,
        clients,
        webhook);
    Files.deleteIfExists(file);

    return table(generated.size(), recordSize, baseline, replay, webhook);
  }

  /**
   * {@code count} generated posts; the daily cycle runs below the mean rate at night, so extend the
   * span until there are enough.
   */
  private static List<Post> generate(int count) {
    double perMinute = 500;
    Duration duration = Duration.ofMinutes((long) Math.ceil(count / perMinute));
    while (true) {
      List<Post> all =
          new ScenarioGenerator(
                  1, Instant.now().minus(duration).minusSeconds(60), duration, perMinute)
              .generate(List.of())
              .posts();
      if (all.size() >= count) {
        return all.subList(all.size() - count, all.size());
      }
      duration = duration.multipliedBy(2);
    }
  }

  public static int averageRecordSize(List<Post> posts, VigieTopics topics) {
    long total = 0;
    int sample = Math.min(posts.size(), 10_000);
    for (int i = 0; i < sample; i++) {
      total += topics.rawPosts().valueSerde().serializer().serialize("", posts.get(i)).length;
    }
    return (int) (total / Math.max(1, sample));
  }

  private double replay(Map<String, Object> kafka, VigieTopics topics, Path file) throws Exception {
    Clock clock = Clock.systemUTC();
    try (PostPublisher publisher =
            PostPublisher.create(topics.rawPosts(), kafka, new IngestMetrics(registry));
        RefusedPosts refused =
            RefusedPosts.create(
                topics.ingestDeadLetters(), kafka, clock, new IngestMetrics(registry))) {
      FileReplay.Result result =
          new FileReplay(
                  new KafkaPostSink(
                      publisher,
                      refused,
                      new PostValidator(clock, PostValidator.Limits.defaults())),
                  clock,
                  FileReplay.Sleeper.REAL)
              .replay(
                  file,
                  new FileReplay.Options(
                      Double.POSITIVE_INFINITY, true, Duration.ofHours(1), "bench"),
                  ReplayCheckpoint.none(),
                  p -> {});
      if (result.failure().isPresent() || result.refused() > 0) {
        throw new IllegalStateException("replay did not publish everything: " + result);
      }
      return result.published() / (result.elapsed().toNanos() / 1e9);
    }
  }

  private double webhook(Map<String, Object> kafka, VigieTopics topics, List<String> lines)
      throws Exception {
    Clock clock = Clock.systemUTC();
    WebhookSettings settings =
        new WebhookSettings(
            "127.0.0.1",
            0,
            List.of("bench"),
            List.of(),
            Duration.ofMinutes(5),
            64 * 1024 * 1024,
            32,
            100_000,
            1e9,
            1_000_000,
            Duration.ofSeconds(60),
            "bench");
    try (PostPublisher publisher =
            PostPublisher.create(
                topics.rawPosts(),
                WebhookServer.producerProperties(kafka),
                new IngestMetrics(registry));
        WebhookServer server =
            new WebhookServer(
                settings,
                KafkaPostSink.withoutDeadLetters(
                    publisher, new PostValidator(clock, PostValidator.Limits.defaults())),
                clock)) {
      server.start();
      List<byte[]> bodies = new ArrayList<>();
      for (int i = 0; i < lines.size(); i += batch) {
        bodies.add(
            (String.join("\n", lines.subList(i, Math.min(lines.size(), i + batch))) + "\n")
                .getBytes(StandardCharsets.UTF_8));
      }
      HttpClient http =
          HttpClient.newBuilder().executor(Executors.newFixedThreadPool(clients)).build();
      URI url = URI.create("http://127.0.0.1:" + server.port() + "/v1/posts");
      ExecutorService senders = Executors.newFixedThreadPool(clients);
      AtomicInteger next = new AtomicInteger();
      long start = System.nanoTime();
      List<Future<?>> running = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        running.add(
            senders.submit(
                () -> {
                  for (int i; (i = next.getAndIncrement()) < bodies.size(); ) {
                    HttpResponse<String> answer =
                        http.send(
                            HttpRequest.newBuilder(url)
                                .header("Authorization", "Bearer bench")
                                .header("Content-Type", "application/x-ndjson")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(i)))
                                .build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (answer.statusCode() != 202) {
                      throw new IllegalStateException(
                          "webhook answered " + answer.statusCode() + ": " + answer.body());
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> sender : running) {
        sender.get();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      senders.shutdown();
      return server.accepted() / seconds;
    }
  }

  private String table(int count, int recordSize, double baseline, double replay, double webhook) {
    return String.format(
        Locale.ROOT,
        "| measurement (%,d posts, %d-byte records) | posts/s | vs. Kafka's tool | target |%n"
            + "|---|---:|---:|---|%n"
            + "| Kafka `ProducerPerformance` (acks=all, idempotent, lz4, same record size) | %,.0f | 100%% | baseline |%n"
            + "| `vigie ingest replay --speed max` (JSON lines: parse, validate, Avro, publish, acknowledge) | %,.0f | %.0f%% | >= 50%% of baseline |%n"
            + "| `vigie ingest webhook` (NDJSON, %d posts per request, %d clients, 202 after acknowledgement) | %,.0f | %.0f%% | >= 20,000 posts/s |%n",
        count,
        recordSize,
        baseline,
        replay,
        100 * replay / baseline,
        batch,
        clients,
        webhook,
        100 * webhook / baseline);
  }
}
