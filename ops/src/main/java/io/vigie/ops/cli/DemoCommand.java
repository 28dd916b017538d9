package io.vigie.ops.cli;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.JsonNode;
import io.vigie.ingest.publish.PostPublisher;
import io.vigie.ingest.replay.CrisisLexCsv;
import io.vigie.ingest.replay.TimeRebase;
import io.vigie.ops.BundledDatasets;
import io.vigie.ops.Connections;
import io.vigie.ops.ConsumerLag;
import io.vigie.ops.Pipeline;
import io.vigie.ops.Vigie;
import io.vigie.ops.config.VigieConfig;
import io.vigie.ops.stack.LocalStack;
import io.vigie.schema.Post;
import io.vigie.streams.elasticsearch.ElasticsearchClients;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vigie demo}: the whole path on real servers and real data. Starts a fresh local stack (or
 * uses the configured clusters, with topic, application and index names of the run's own), creates
 * topics and templates, runs the topologies and the indexer, replays the bundled CrisisLex samples
 * into the raw topic, waits until every post is processed, and shows what Elasticsearch finds.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Run Vigie end to end on a bundled real dataset, on a local Kafka and Elasticsearch started for you.")
public final class DemoCommand extends VigieCommand {

  private static final DateTimeFormatter MINUTE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

  /** The bundled samples span 11 days; the demo replays them as the last hour. */
  private static final Duration REPLAY_WINDOW = Duration.ofHours(1);

  @Option(
      names = "--query",
      defaultValue = "explosion",
      description =
          "Full-text query to run on the indexed posts at the end (default: ${DEFAULT-VALUE}).")
  String query;

  @Option(
      names = "--keep-running",
      description = "Keep the stack and the pipeline running after the replay, until Ctrl-C.")
  boolean keepRunning;

  @Override
  public Integer call() throws Exception {
    long started = System.nanoTime();
    VigieConfig config = config();
    PrintWriter out = out();
    boolean external = config.hasExternalKafka() || config.hasExternalElasticsearch();
    LocalStack.Spec spec = LocalStack.Spec.from(config, "demo");
    out.println(
        "Vigie demo: starting "
            + (config.hasExternalKafka() ? "" : "a local Kafka broker ")
            + (config.hasExternalElasticsearch() ? "" : "and Elasticsearch node ")
            + "(first run unpacks Elasticsearch; later runs reuse it)...");
    out.flush();
    LocalStack stack = LocalStack.start(spec, true);
    try {
      Connections connections = Connections.of(config, Optional.of(stack));
      Pipeline.Naming naming = Pipeline.Naming.from(config);
      String runId =
          "demo-"
              + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                  .withZone(ZoneOffset.UTC)
                  .format(Instant.now());
      naming =
          external
              ? naming.isolated(runId, spec.dir().resolve("streams-state"))
              : Pipeline.Naming.of(
                  naming.topicPrefix(),
                  naming.applicationId(),
                  naming.indexPrefix(),
                  naming.indexerGroupId(),
                  spec.dir().resolve("streams-state"));
      out.println("Stack ready after " + seconds(started) + " s: " + stack.describe());
      Pipeline.setup(
          connections,
          config,
          naming,
          config.hasExternalElasticsearch() ? config.integer(VigieConfig.ES_REPLICAS) : 0);
      try (Pipeline pipeline = Pipeline.start(connections, config, naming, Clock.systemUTC())) {
        long published = replay(connections, naming, out);
        awaitProcessed(connections, naming, out);
        report(connections, naming, pipeline, published, out);
        out.println("Demo finished in " + seconds(started) + " s.");
        out.flush();
        if (keepRunning) {
          out.println(
              "Still running - Kafka "
                  + connections.kafka().get("bootstrap.servers")
                  + ", Elasticsearch "
                  + connections.elasticsearch().hosts()
                  + ". Ctrl-C to stop.");
          out.flush();
          RunUntilStopped.await(() -> {});
        }
      }
    } finally {
      stack.close();
    }
    return Vigie.OK;
  }

  private long replay(Connections connections, Pipeline.Naming naming, PrintWriter out)
      throws Exception {
    List<Post> original = new ArrayList<>();
    Instant now = Instant.now();
    for (BundledDatasets.CrisisLexEvent event : BundledDatasets.crisisLex()) {
      CrisisLexCsv.Contents contents = event.read();
      contents.rows().forEach(row -> original.add(CrisisLexCsv.toPost(row, now)));
      out.println(
          "Read "
              + contents.rows().size()
              + " posts of the "
              + event.name()
              + " sample"
              + (contents.rejected().isEmpty()
                  ? ""
                  : " (" + contents.rejected().size() + " unreadable lines)"));
    }
    // Kafka applies retention to record timestamps: 2013 posts would be deleted at once. Replay
    // them in the present.
    Instant first = original.stream().map(Post::getCreatedAt).min(Instant::compareTo).orElse(now);
    Instant last = original.stream().map(Post::getCreatedAt).max(Instant::compareTo).orElse(now);
    TimeRebase rebase = TimeRebase.fitting(now, first, last, REPLAY_WINDOW);
    List<Post> posts = original.stream().map(rebase::rebase).toList();
    out.printf(
        "Rebased %s - %s to the last %d minutes (x%.0f); original times kept in '%s'%n",
        MINUTE.format(first),
        MINUTE.format(last),
        REPLAY_WINDOW.toMinutes(),
        rebase.speed(),
        TimeRebase.ORIGINAL_TIME_ATTRIBUTE);
    AtomicLong acknowledged = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    long start = System.nanoTime();
    try (PostPublisher publisher =
        PostPublisher.create(naming.topics().rawPosts(), connections.kafka())) {
      List<CompletableFuture<?>> pending = new ArrayList<>(posts.size());
      for (Post post : posts) {
        pending.add(
            publisher
                .publish(post)
                .whenComplete(
                    (metadata, error) ->
                        (error == null ? acknowledged : failed).incrementAndGet()));
      }
      publisher.flush();
      CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
          .exceptionally(e -> null)
          .join();
    }
    double rate = acknowledged.get() / Math.max(1e-9, (System.nanoTime() - start) / 1e9);
    out.printf(
        "Published %d posts to %s (%.0f posts/s)%s%n",
        acknowledged.get(),
        naming.topics().rawPosts().name(),
        rate,
        failed.get() == 0 ? "" : ", " + failed.get() + " refused by Kafka");
    out.flush();
    return acknowledged.get();
  }

  private void awaitProcessed(Connections connections, Pipeline.Naming naming, PrintWriter out)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    try (Admin admin = Admin.create(connections.kafka())) {
      while (true) {
        long streamsLag =
            ConsumerLag.of(admin, naming.applicationId(), naming.streamsInputTopics());
        long indexerLag =
            ConsumerLag.of(
                admin, naming.indexerGroupId(), List.of(naming.topics().enrichedPosts().name()));
        err()
            .printf(
                "\rWaiting for the pipeline: %d posts to process, %d to index   ",
                streamsLag, indexerLag);
        err().flush();
        if (streamsLag == 0 && indexerLag == 0) {
          err().println();
          return;
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "The pipeline did not catch up within 5 minutes (lag "
                  + streamsLag
                  + " + "
                  + indexerLag
                  + ")");
        }
        Thread.sleep(500);
      }
    }
  }

  private void report(
      Connections connections,
      Pipeline.Naming naming,
      Pipeline pipeline,
      long published,
      PrintWriter out)
      throws Exception {
    ElasticsearchClient client = ElasticsearchClients.create(connections.elasticsearch());
    try {
      String pattern = naming.indexPrefix() + "posts-*";
      client.indices().refresh(r -> r.index(pattern));
      long count = client.count(c -> c.index(pattern)).count();
      long deadLettered = pipeline.indexer().map(i -> i.deadLettered()).orElse(0L);
      out.printf(
          "%nElasticsearch holds %d of the %d posts in %s (%d dead-lettered by the indexer).%n",
          count, published, pattern, deadLettered);
      SearchResponse<JsonNode> hits =
          client.search(
              s ->
                  s.index(pattern)
                      .size(5)
                      .query(q -> q.match(m -> m.field("text").query(query)))
                      .sort(o -> o.field(f -> f.field("created_at").order(SortOrder.Asc))),
              JsonNode.class);
      out.printf(
          "First posts matching \"%s\" (%d in all):%n",
          query, hits.hits().total() == null ? 0 : hits.hits().total().value());
      for (Hit<JsonNode> hit : hits.hits().hits()) {
        JsonNode doc = hit.source();
        String label = doc.at("/attributes/crisislex.label").asText("");
        out.printf(
            "  %s UTC  %-28s %-9s %s%n",
            MINUTE.format(
                Instant.parse(
                    doc.at("/attributes/" + TimeRebase.ORIGINAL_TIME_ATTRIBUTE)
                        .asText(doc.get("created_at").asText()))),
            hit.id(),
            label,
            abbreviate(doc.get("text").asText(), 90));
      }
    } finally {
      client._transport().close();
    }
  }

  private static String abbreviate(String text, int max) {
    String flat = text.replaceAll("\\s+", " ").strip();
    return flat.length() <= max ? flat : flat.substring(0, max - 1) + "…";
  }

  private static long seconds(long since) {
    return Duration.ofNanos(System.nanoTime() - since).toSeconds();
  }
}
