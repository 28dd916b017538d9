package io.vigie.ops.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.OperatingSystemMXBean;
import io.micrometer.core.instrument.Metrics;
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
import io.vigie.ops.config.VigieConfig;
import io.vigie.ops.setup.TopicSetup;
import io.vigie.ops.stack.ChildProcesses;
import io.vigie.ops.stack.LocalStack;
import io.vigie.schema.Post;
import io.vigie.schema.VigieTopics;
import io.vigie.schema.validation.PostValidator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
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
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vigie bench ...}: throughput measured on real servers, next to baselines measured in the
 * same run.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Measure throughput on real servers next to same-run baselines.",
    subcommands = {
      BenchCommand.Ingest.class,
      BenchStagesCommand.class,
      BenchStreamsCommand.class,
      BenchStateCommand.class,
      BenchIndexCommand.class,
      BenchPipelineCommand.class
    })
public final class BenchCommand {

  @Command(
      name = "ingest",
      mixinStandardHelpOptions = true,
      description = {
        "Replay -> Kafka and webhook -> Kafka posts/s, next to Kafka's own ProducerPerformance tool at the same record size, on the same broker, in the same run.",
        "Starts a fresh local broker unless kafka.bootstrap.servers is set; prints a Markdown table and can write it to a file."
      })
  static final class Ingest extends VigieCommand {
    @Option(
        names = "--posts",
        defaultValue = "200000",
        description = "Posts per measurement (default: ${DEFAULT-VALUE}).")
    int posts;

    @Option(
        names = "--batch",
        defaultValue = "1000",
        description = "Posts per webhook request (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(
        names = "--clients",
        defaultValue = "4",
        description = "Concurrent webhook clients (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(
        names = "--output",
        paramLabel = "FILE",
        description =
            "Also write the table, with the machine's description, to this Markdown file.")
    Path output;

    @Override
    public Integer call() throws Exception {
      VigieConfig config = config();
      PrintWriter out = out();
      LocalStack stack = config.hasExternalKafka() ? null : startKafkaOnly(config);
      try {
        Map<String, Object> kafka =
            config.kafkaProperties(
                Optional.ofNullable(stack).flatMap(LocalStack::bootstrapServers));
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

        double baseline = producerPerformance(kafka, baselineTopic, generated.size(), recordSize);
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

        String table = table(generated.size(), recordSize, baseline, replay, webhook);
        report(out, output, "Ingest benchmark", "ingest", table);
      } finally {
        if (stack != null) {
          stack.close();
          stack.deleteData();
        }
      }
      return ExitCode.OK.code();
    }

    /**
     * {@code count} generated posts; the daily cycle runs below the mean rate at night, so extend
     * the span until there are enough.
     */
    private List<Post> generate(int count) {
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

    static int averageRecordSize(List<Post> posts, VigieTopics topics) {
      long total = 0;
      int sample = Math.min(posts.size(), 10_000);
      for (int i = 0; i < sample; i++) {
        total += topics.rawPosts().valueSerde().serializer().serialize("", posts.get(i)).length;
      }
      return (int) (total / Math.max(1, sample));
    }

    /** Kafka's own tool in a child JVM, with the producer settings Vigie's publisher uses. */
    static double producerPerformance(
        Map<String, Object> kafka, String topic, int records, int recordSize) throws Exception {
      List<String> command =
          new ArrayList<>(
              List.of(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xmx1g",
                  "-cp",
                  ChildProcesses.classPath()));
      command.addAll(ChildProcesses.watchedMain("org.apache.kafka.tools.ProducerPerformance"));
      command.addAll(
          List.of(
              "--topic",
              topic,
              "--num-records",
              Integer.toString(records),
              "--record-size",
              Integer.toString(recordSize),
              "--throughput",
              "-1",
              "--producer-props"));
      Map<String, Object> props = new TreeMap<>(PostPublisher.producerProperties(kafka));
      props.forEach((key, value) -> command.add(key + "=" + value));
      Process process =
          ChildProcesses.start(
              new ProcessBuilder(command).redirectErrorStream(true), Duration.ofSeconds(10));
      String last = null;
      try (BufferedReader lines =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = lines.readLine()) != null; ) {
          if (line.contains("records sent")) {
            last = line;
          }
        }
      }
      if (process.waitFor() != 0 || last == null) {
        throw new IllegalStateException(
            "ProducerPerformance failed (exit " + process.exitValue() + ")");
      }
      Matcher rate = Pattern.compile("([0-9.]+) records/sec").matcher(last);
      if (!rate.find()) {
        throw new IllegalStateException("Unexpected ProducerPerformance output: " + last);
      }
      return Double.parseDouble(rate.group(1));
    }

    private double replay(Map<String, Object> kafka, VigieTopics topics, Path file)
        throws Exception {
      Clock clock = Clock.systemUTC();
      try (PostPublisher publisher =
              PostPublisher.create(
                  topics.rawPosts(), kafka, new IngestMetrics(Metrics.globalRegistry));
          RefusedPosts refused =
              RefusedPosts.create(
                  topics.ingestDeadLetters(),
                  kafka,
                  clock,
                  new IngestMetrics(Metrics.globalRegistry))) {
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
                  new IngestMetrics(Metrics.globalRegistry));
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

    private String table(
        int count, int recordSize, double baseline, double replay, double webhook) {
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

    /** A fresh local broker (1 GB of heap), without Elasticsearch: benchmarks need Kafka only. */
    static LocalStack startKafkaOnly(VigieConfig config) throws Exception {
      LocalStack.Spec spec = LocalStack.Spec.from(config, "bench");
      return LocalStack.start(
          new LocalStack.Spec(
              spec.stackDir(),
              spec.name(),
              true,
              false,
              0,
              "1g",
              0,
              spec.elasticsearchHeap(),
              spec.elasticsearchVersion(),
              spec.elasticsearchJavaHome(),
              spec.elasticsearchUser(),
              spec.mavenRepository(),
              spec.startTimeout()),
          true);
    }

    /**
     * Prints {@code table} and, when {@code output} is set, writes it there under {@code title}
     * with the command and the machine that produced it.
     */
    static void report(PrintWriter out, Path output, String title, String subcommand, String table)
        throws IOException {
      out.println();
      out.print(table);
      if (output == null) {
        return;
      }
      Path parent = output.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(
          output,
          "# "
              + title
              + "\n\nProduced by `./vigie bench "
              + subcommand
              + " --output "
              + output
              + "` on "
              + machine()
              + ".\n\n"
              + table,
          StandardCharsets.UTF_8);
      out.println("Written to " + output);
    }

    static String machine() {
      return String.format(
          Locale.ROOT,
          "%s, %d cores, %.0f GiB, Java %s (%s)",
          DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC).format(Instant.now()),
          Runtime.getRuntime().availableProcessors(),
          ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                  .getTotalMemorySize()
              / (1024.0 * 1024 * 1024),
          System.getProperty("java.version"),
          System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    }
  }
}
