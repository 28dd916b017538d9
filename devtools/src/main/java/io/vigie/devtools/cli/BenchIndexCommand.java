package io.vigie.devtools.cli;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.vigie.app.Connections;
import io.vigie.app.Pipeline;
import io.vigie.app.cli.ExitCode;
import io.vigie.app.cli.VigieCommand;
import io.vigie.app.config.VigieConfig;
import io.vigie.devtools.bench.BenchReport;
import io.vigie.devtools.bench.LiveLoad;
import io.vigie.devtools.bench.RawBulkIndexing;
import io.vigie.devtools.bench.StreamsThroughput;
import io.vigie.devtools.stack.StackSpecs;
import io.vigie.indexer.IndexNames;
import io.vigie.indexer.IndexerSettings;
import io.vigie.indexer.elasticsearch.ElasticsearchClients;
import io.vigie.indexer.setup.IndexTemplates;
import io.vigie.localstack.LocalStack;
import io.vigie.schema.EnrichedPost;
import io.vigie.schema.Post;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vigie bench index}: the indexer's documents/s from Kafka to Elasticsearch, next to a raw
 * bulk of the same documents into the same server with the same bulk settings (no Kafka, no
 * commit), in the same run; then the post-to-searchable latency of a live stream.
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
      Connections connections = Connections.of(config, Optional.of(stack));
      String run =
          "bi"
              + DateTimeFormatter.ofPattern("HHmmss")
                  .withZone(ZoneOffset.UTC)
                  .format(Instant.now());
      Pipeline.Naming naming =
          Pipeline.Naming.from(config)
              .isolated(run, Files.createTempDirectory("vigie-bench-index-"));
      Pipeline.setup(connections, config, naming, 0);
      String rawPrefix = naming.indexPrefix() + "raw-";
      ElasticsearchClient client = ElasticsearchClients.create(connections.elasticsearch());
      new IndexTemplates(rawPrefix, 0, config.indexRetention()).apply(client);
      List<EnrichedPost> documents = generate(posts);
      IndexerSettings settings = config.indexerSettings();

      // Both JVMs and the server warm up on other indices first, so neither measurement pays it.
      String warmPrefix = naming.indexPrefix() + "warm-";
      new IndexTemplates(warmPrefix, 0, config.indexRetention()).apply(client);
      RawBulkIndexing.rawBulk(client, settings, new IndexNames(warmPrefix), documents);
      double raw = RawBulkIndexing.rawBulk(client, settings, new IndexNames(rawPrefix), documents);
      out().printf(Locale.ROOT, "Raw BulkIngester: %,.0f docs/s%n", raw);
      out().flush();

      publish(connections, naming, documents, 0);
      double indexer;
      try (Pipeline pipeline =
          Pipeline.start(
              connections, config, naming, Clock.systemUTC(), EnumSet.of(Pipeline.Part.INDEXER))) {
        var running = pipeline.indexer().orElseThrow();
        long deadline = System.nanoTime() + Duration.ofMinutes(20).toNanos();
        while (running.indexed() == 0 && System.nanoTime() < deadline) {
          Thread.sleep(5);
        }
        long firstAt = System.nanoTime();
        long firstCount = running.indexed();
        while (running.indexed() < documents.size() && System.nanoTime() < deadline) {
          Thread.sleep(5);
        }
        indexer =
            (running.indexed() - firstCount) / Math.max(1e-3, (System.nanoTime() - firstAt) / 1e9);
        out().printf(Locale.ROOT, "Indexer (Kafka -> Elasticsearch): %,.0f docs/s%n", indexer);
        out().flush();
        long[] latencies = liveLatencies(connections, naming, client);
        String table =
            String.format(
                Locale.ROOT,
                "| measurement (%,d generated posts, bulk %d ops / %d MiB, %d in flight) | value | target |%n"
                    + "|---|---:|---|%n"
                    + "| raw `BulkIngester`, same documents and server | %,.0f docs/s | baseline |%n"
                    + "| Vigie indexer (Kafka consumer, decode, bulk, commit after ack) | %,.0f docs/s (%.0f%%) | >= 90%% of raw |%n"
                    + "| post-to-searchable latency at %d posts/s, p50 | %d ms | |%n"
                    + "| post-to-searchable latency at %d posts/s, p99 (%d samples) | %d ms | |%n",
                documents.size(),
                settings.bulkMaxOperations(),
                settings.bulkMaxBytes() / (1024 * 1024),
                settings.maxConcurrentRequests(),
                raw,
                indexer,
                100 * indexer / raw,
                rate,
                LiveLoad.percentile(latencies, 0.50),
                rate,
                latencies.length,
                LiveLoad.percentile(latencies, 0.99));
        BenchReport.report(out(), output, "Indexer benchmark", "index", table);
      } finally {
        client._transport().close();
      }
      return ExitCode.OK.code();
    } finally {
      stack.close();
      stack.deleteData();
    }
  }

  /** The streams bench's generated posts, with their words as enrichment would list them. */
  private static List<EnrichedPost> generate(int count) {
    List<Post> all = StreamsThroughput.generate(count);
    List<EnrichedPost> documents = new ArrayList<>(count);
    for (Post post : all) {
      List<String> words =
          Arrays.stream(post.getText().toLowerCase(Locale.ROOT).split("[^\\p{L}]+"))
              .filter(w -> w.length() > 2)
              .toList();
      documents.add(
          EnrichedPost.newBuilder()
              .setPost(post)
              .setEnrichedAt(post.getCreatedAt())
              .setLanguage(post.getLangHint())
              .setTokens(words)
              .setWords(words)
              .build());
    }
    return documents;
  }

  private static void publish(
      Connections connections, Pipeline.Naming naming, List<EnrichedPost> documents, int from)
      throws Exception {
    var topic = naming.topics().enrichedPosts();
    try (var producer =
        new KafkaProducer<>(
            connections.kafka(), topic.keySerde().serializer(), topic.valueSerde().serializer())) {
      for (EnrichedPost post : documents.subList(from, documents.size())) {
        producer.send(new ProducerRecord<>(topic.name(), RawBulkIndexing.key(post), post));
      }
      producer.flush();
    }
  }

  /**
   * Publishes a live stream at {@code rate} posts/s for 20 s and measures every tenth post's time
   * from send to the first search that finds it. One poller asks for every outstanding post each 20
   * ms, so that a slow find never delays the next measurement (a thread per watched post would
   * queue them behind each other and add the wait to the figure).
   */
  private long[] liveLatencies(
      Connections connections, Pipeline.Naming naming, ElasticsearchClient client)
      throws Exception {
    var topic = naming.topics().enrichedPosts();
    String pattern = naming.indexPrefix() + "posts-*";
    int total = rate * 20;
    Map<String, Long> outstanding = new ConcurrentHashMap<>();
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    AtomicBoolean publishing = new AtomicBoolean(true);
    Thread poller =
        new Thread(
            () -> {
              long until = Long.MAX_VALUE;
              while (System.nanoTime() < until) {
                if (!publishing.get() && until == Long.MAX_VALUE) {
                  until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                }
                if (outstanding.isEmpty()) {
                  if (!publishing.get()) {
                    return;
                  }
                } else {
                  LiveLoad.findOutstanding(client, pattern, outstanding, latencies);
                }
                try {
                  Thread.sleep(20);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "bench-searchable");
    poller.start();
    try (var producer =
        new KafkaProducer<>(
            connections.kafka(), topic.keySerde().serializer(), topic.valueSerde().serializer())) {
      long start = System.nanoTime();
      for (int i = 0; i < total; i++) {
        long due = start + (long) (i * 1e9 / rate);
        while (System.nanoTime() < due) {
          Thread.sleep(0, 200_000);
        }
        Instant now = Instant.now();
        String id = "live-" + i;
        Post post =
            Post.newBuilder()
                .setSource("bench")
                .setId(id)
                .setText("live post " + i)
                .setCreatedAt(now)
                .setIngestedAt(now)
                .build();
        if (i % 10 == 0) {
          outstanding.put("bench:" + id, System.nanoTime());
        }
        producer.send(
            new ProducerRecord<>(
                topic.name(),
                "bench:" + id,
                EnrichedPost.newBuilder().setPost(post).setEnrichedAt(now).build()));
      }
    } finally {
      publishing.set(false);
    }
    poller.join(Duration.ofSeconds(90).toMillis());
    return latencies.stream().mapToLong(Long::longValue).sorted().toArray();
  }
}
