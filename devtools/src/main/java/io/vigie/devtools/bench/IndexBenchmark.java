package io.vigie.devtools.bench;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.vigie.app.Connections;
import io.vigie.app.Pipeline;
import io.vigie.app.config.VigieConfig;
import io.vigie.indexer.IndexNames;
import io.vigie.indexer.IndexerSettings;
import io.vigie.indexer.elasticsearch.ElasticsearchClients;
import io.vigie.indexer.setup.IndexTemplates;
import io.vigie.localstack.LocalStack;
import io.vigie.schema.EnrichedPost;
import io.vigie.schema.Post;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The indexer's documents/s from Kafka to Elasticsearch, next to a raw bulk of the same documents
 * into the same server with the same bulk settings (no Kafka, no commit), in the same run, on
 * topics and indices of the run's own; then the post-to-searchable latency of a live stream ({@link
 * SearchableLatency}). Prints each figure as it comes, then the table ({@link BenchReport}).
 */
public final class IndexBenchmark {

  private final VigieConfig config;
  private final PrintWriter out;
  private final int posts;
  private final int rate;

  /** {@code posts} documents, then a live stream at {@code rate} posts/s. */
  public IndexBenchmark(VigieConfig config, PrintWriter out, int posts, int rate) {
    this.config = config;
    this.out = out;
    this.posts = posts;
    this.rate = rate;
  }

  /** Measures on {@code stack} and reports, writing the table to {@code output} when set. */
  public void run(LocalStack stack, Path output) throws Exception {
    Connections connections = Connections.of(config, Optional.of(stack));
    String run =
        "bi" + DateTimeFormatter.ofPattern("HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
    Pipeline.Naming naming =
        Pipeline.Naming.from(config).isolated(run, Files.createTempDirectory("vigie-bench-index-"));
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
    out.printf(Locale.ROOT, "Raw BulkIngester: %,.0f docs/s%n", raw);
    out.flush();

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
      out.printf(Locale.ROOT, "Indexer (Kafka -> Elasticsearch): %,.0f docs/s%n", indexer);
      out.flush();
      long[] latencies = SearchableLatency.measure(connections, naming, client, rate);
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
      BenchReport.report(out, output, "Indexer benchmark", "index", table);
    } finally {
      client._transport().close();
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
}
