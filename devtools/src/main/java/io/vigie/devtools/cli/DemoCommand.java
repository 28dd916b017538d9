package io.vigie.devtools.cli;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Metrics;
import io.vigie.alerts.AlertFeed;
import io.vigie.alerts.AlertPrinter;
import io.vigie.alerts.console.ConsoleServer;
import io.vigie.alerts.console.IncidentBoard;
import io.vigie.app.Connections;
import io.vigie.app.Pipeline;
import io.vigie.app.cli.ExitCode;
import io.vigie.app.cli.ProgressBar;
import io.vigie.app.cli.RunUntilStopped;
import io.vigie.app.cli.StatusLine;
import io.vigie.app.cli.VigieCommand;
import io.vigie.app.config.VigieConfig;
import io.vigie.app.watch.WatchRules;
import io.vigie.core.health.ConsumerLag;
import io.vigie.core.health.Health;
import io.vigie.core.http.ApiTokens;
import io.vigie.core.http.Ports;
import io.vigie.devtools.BundledDatasets;
import io.vigie.devtools.DemoWatchRules;
import io.vigie.devtools.stack.StackSpecs;
import io.vigie.indexer.elasticsearch.ElasticsearchClients;
import io.vigie.ingest.publish.IngestMetrics;
import io.vigie.ingest.publish.PostPublisher;
import io.vigie.ingest.replay.CrisisLexCsv;
import io.vigie.ingest.replay.TimeRebase;
import io.vigie.localstack.LocalStack;
import io.vigie.schema.Post;
import io.vigie.schema.WatchRule;
import io.vigie.streams.detect.DetectionTopology;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
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
 * into the raw topic, prints incidents as they open, waits until every post is processed, and shows
 * what Elasticsearch finds.
 *
 * <p>The samples keep their own pace of time, shifted so that they end now: the detectors judge
 * minutes and hours as they were, while the replay itself goes as fast as Kafka takes it. Alerts
 * show the original times.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Run Vigie end to end on a bundled real dataset, on a local Kafka and Elasticsearch started for you.")
public final class DemoCommand extends VigieCommand {

  private static final DateTimeFormatter MINUTE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

  /**
   * The lines the demo prints, in order, as {@link java.util.Formatter} formats: the README's
   * transcript is checked against them. Incidents come between {@link #PUBLISHED} and {@link
   * #INCIDENTS}, in {@link AlertPrinter}'s formats.
   */
  static final String STARTING =
      "Vigie demo: starting %s(first run unpacks Elasticsearch; later runs reuse it)...%n";

  static final String STACK_READY = "Stack ready after %d s: %s%n";
  static final String READ = "Read %d posts of the %s sample%s%n";
  static final String REPLAYING =
      "Replaying %s - %s as the last %d days, at their own pace and time of day; original times kept in '%s'%n";
  static final String WATCH_RULE = "Watch rule %s: %s%n";
  static final String CONSOLE =
      "Console: http://%s:%d/ (live incidents, volume with its expected band, weak signals, health)%n";
  static final String DETECTOR_STATE =
      "Detector state: http://%s/v1/subjects/crisis (or rule:boston-harm, hashtag:prayforboston, term:explosion)%n";
  static final String PUBLISHED = "Published %d posts to %s (%.0f posts/s)%s%n";
  static final String INCIDENTS = "%n%d incidents opened.%n";
  static final String HOLDS =
      "%nElasticsearch holds %d of the %d posts in %s (%d dead-lettered by the indexer).%n";
  static final String ALSO_HOLDS =
      "It also holds %d incidents (latest version of each) in %s and %d signals in %s.%n";
  static final String MATCHING = "First posts matching \"%s\" (%d in all):%n";
  static final String HIT = "  %s UTC  %-28s %-9s %s%n";
  static final String FINISHED = "Demo finished in %d s.%n";

  static final List<String> LINES =
      List.of(
          STARTING,
          STACK_READY,
          READ,
          REPLAYING,
          WATCH_RULE,
          CONSOLE,
          DETECTOR_STATE,
          PUBLISHED,
          INCIDENTS,
          HOLDS,
          ALSO_HOLDS,
          MATCHING,
          HIT,
          FINISHED);

  /** Retention of the demo's topics: longer than the samples' 11 days, which end now. */
  private static final Duration DEMO_RETENTION = Duration.ofDays(30);

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
    // History replayed as fast as Kafka takes it keeps its event-time order only within a
    // partition: the demo's topics have one, so that the detectors see the days in order.
    VigieConfig config = config().with(VigieConfig.TOPICS_PARTITIONS, "1");
    if (config.integer(VigieConfig.STREAMS_QUERY_PORT) < 0) {
      config = config.with(VigieConfig.STREAMS_QUERY_PORT, "0"); // a free port
    }
    PrintWriter out = out();
    boolean external = config.hasExternalKafka() || config.hasExternalElasticsearch();
    LocalStack.Spec spec = StackSpecs.from(config, "demo");
    out.printf(
        STARTING,
        (config.hasExternalKafka() ? "" : "a local Kafka broker ")
            + (config.hasExternalElasticsearch() ? "" : "and Elasticsearch node "));
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
      out.printf(STACK_READY, seconds(started), stack.describe());
      Pipeline.setup(
          connections,
          config,
          naming,
          config.hasExternalElasticsearch() ? config.integer(VigieConfig.ES_REPLICAS) : 0,
          DEMO_RETENTION);
      List<Post> posts = readSamples(out);
      TimeRebase rebase = rebase(posts, out);
      installWatchRules(connections, naming, out);
      AlertPrinter printer =
          new AlertPrinter(out, Duration.between(rebase.rebase(first(posts)), first(posts)), true);
      IncidentBoard board = new IncidentBoard();
      // The progress bar, on stderr; incidents print on stdout, to the same terminal.
      StatusLine status = new StatusLine(err());
      ElasticsearchClient consoleClient = ElasticsearchClients.create(connections.elasticsearch());
      try (Pipeline pipeline = Pipeline.start(connections, config, naming, Clock.systemUTC());
          AlertFeed alerts =
              AlertFeed.start(
                  connections.kafka(),
                  naming.topics().alerts(),
                  alert -> {
                    status.clearFor(() -> printer.print(alert));
                    board.accept(alert);
                  });
          ConsoleServer console =
              ConsoleServer.start(
                  config.string(VigieConfig.CONSOLE_HOST),
                  Ports.choose(
                      config.integer(VigieConfig.CONSOLE_PORT),
                      "the console",
                      VigieConfig.CONSOLE_PORT),
                  board,
                  consoleClient,
                  naming.indexPrefix(),
                  Optional.empty(), // no alert API in the demo: a read-only console
                  ApiTokens.parse(config.secrets(VigieConfig.API_TOKENS)),
                  pipeline.addChecks(new Health()),
                  Clock.systemUTC())) {
        out.printf(CONSOLE, config.string(VigieConfig.CONSOLE_HOST), console.port());
        pipeline
            .queries()
            .ifPresent(queries -> out.printf(DETECTOR_STATE, queries.applicationServer()));
        out.flush();
        long published = replay(connections, naming, posts, rebase, out);
        try {
          awaitProcessed(connections, naming, published, status);
        } finally {
          status.end();
        }
        Thread.sleep(1_000); // the last alerts on their way to the terminal
        out.printf(INCIDENTS, alerts.incidents());
        report(connections, naming, pipeline, published, out);
        out.printf(FINISHED, seconds(started));
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
      } finally {
        consoleClient._transport().close();
      }
    } finally {
      stack.close();
    }
    return ExitCode.OK.code();
  }

  /**
   * Watch rules for the two samples ({@link io.vigie.devtools.DemoWatchRules}), installed before
   * the pipeline starts so that every post is matched against them: the console charts their
   * volume, and their spikes and sentiment shifts join the incidents.
   */
  private static void installWatchRules(
      Connections connections, Pipeline.Naming naming, PrintWriter out) throws Exception {
    List<WatchRule> rules = DemoWatchRules.rules(Instant.now());
    new WatchRules(naming.topics().watchRules(), connections.kafka()).put(rules);
    for (WatchRule rule : rules) {
      out.printf(WATCH_RULE, rule.getId(), rule.getQuery());
    }
  }

  private static List<Post> readSamples(PrintWriter out) throws IOException {
    List<Post> original = new ArrayList<>();
    Instant now = Instant.now();
    for (BundledDatasets.CrisisLexEvent event : BundledDatasets.crisisLex()) {
      CrisisLexCsv.Contents contents = event.read();
      contents.rows().forEach(row -> original.add(CrisisLexCsv.toPost(row, now)));
      out.printf(
          READ,
          contents.rows().size(),
          event.name(),
          contents.rejected().isEmpty()
              ? ""
              : " (" + contents.rejected().size() + " unreadable lines)");
    }
    // Merged in time order: the samples overlap in time, and on one partition the detectors see
    // posts in the order they are published. One sample after the other put the second sample's
    // first days behind the first sample's last post, where the detectors dropped them as late.
    original.sort(Comparator.comparing(Post::getCreatedAt));
    return original;
  }

  private static Instant first(List<Post> posts) {
    return posts.stream().map(Post::getCreatedAt).min(Instant::compareTo).orElseThrow();
  }

  /**
   * Kafka applies retention to record timestamps: 2013 posts would be deleted at once. The samples
   * move to the present by whole days, at their own pace, ending within the last day.
   */
  private static TimeRebase rebase(List<Post> posts, PrintWriter out) {
    Instant first = first(posts);
    Instant last = posts.stream().map(Post::getCreatedAt).max(Instant::compareTo).orElseThrow();
    // Whole days: the detectors' hour-of-day cycle sees each hour as it was, so every run of the
    // demo gives the same alerts whatever the time it starts.
    TimeRebase rebase =
        TimeRebase.byWholeDaysEndingBefore(Instant.now().minus(Duration.ofMinutes(1)), first, last);
    out.printf(
        REPLAYING,
        MINUTE.format(first),
        MINUTE.format(last),
        Duration.between(first, last).toDays() + 1,
        TimeRebase.ORIGINAL_TIME_ATTRIBUTE);
    return rebase;
  }

  private long replay(
      Connections connections,
      Pipeline.Naming naming,
      List<Post> original,
      TimeRebase rebase,
      PrintWriter out)
      throws Exception {
    List<Post> posts = original.stream().map(rebase::rebase).toList();
    AtomicLong acknowledged = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    long start = System.nanoTime();
    try (PostPublisher publisher =
        PostPublisher.create(
            naming.topics().rawPosts(),
            connections.kafka(),
            new IngestMetrics(Metrics.globalRegistry))) {
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
        PUBLISHED,
        acknowledged.get(),
        naming.topics().rawPosts().name(),
        rate,
        failed.get() == 0 ? "" : ", " + failed.get() + " refused by Kafka");
    out.flush();
    return acknowledged.get();
  }

  /**
   * Waits until the Streams application and the indexer have no lag left. The bar follows
   * detection, the slowest stage: the observations (one per subject a post concerns) it has judged,
   * of those enrichment has sent it so far. It gives up after five minutes without progress: on a
   * busy machine the whole catch-up may take longer, and a slow demo is still a demo.
   */
  private static void awaitProcessed(
      Connections connections, Pipeline.Naming naming, long published, StatusLine status)
      throws InterruptedException {
    Duration patience = Duration.ofMinutes(5);
    long deadline = System.nanoTime() + patience.toNanos();
    List<Long> lastReading = List.of();
    ProgressBar.Tally detected = new ProgressBar.Tally(0, System.nanoTime());
    String observations = DetectionTopology.subjectsRepartitionTopic(naming.applicationId());
    try (Admin admin = Admin.create(connections.kafka())) {
      while (true) {
        long streamsLag =
            ConsumerLag.of(admin, naming.applicationId(), naming.streamsInputTopics());
        long indexerLag =
            ConsumerLag.of(
                admin,
                naming.indexerGroupId(),
                List.of(
                    naming.topics().enrichedPosts().name(),
                    naming.topics().signals().name(),
                    naming.topics().alerts().name()));
        boolean done = streamsLag == 0 && indexerLag == 0;
        if (done) {
          detected.finish();
        } else {
          ConsumerLag.Position judged =
              ConsumerLag.position(admin, naming.applicationId(), List.of(observations));
          detected.observe(judged.consumed(), judged.end(), System.nanoTime());
          List<Long> reading = List.of(streamsLag, indexerLag, judged.consumed(), judged.end());
          if (!reading.equals(lastReading)) {
            lastReading = reading;
            deadline = System.nanoTime() + patience.toNanos();
          }
        }
        status.show(
            detected.render(
                "observations judged",
                String.format(
                    Locale.ROOT,
                    "of %,d posts (%,d records in flight, %,d to index)",
                    published,
                    streamsLag,
                    indexerLag)));
        if (done) {
          return;
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "The pipeline made no progress for 5 minutes (lag "
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
      out.printf(HOLDS, count, published, pattern, deadLettered);
      String alerts = naming.indexPrefix() + "alerts-*";
      String signals = naming.indexPrefix() + "signals-*";
      client.indices().refresh(r -> r.index(alerts, signals));
      out.printf(
          ALSO_HOLDS,
          client.count(c -> c.index(alerts)).count(),
          alerts,
          client.count(c -> c.index(signals)).count(),
          signals);
      SearchResponse<JsonNode> hits =
          client.search(
              s ->
                  s.index(pattern)
                      .size(5)
                      .query(q -> q.match(m -> m.field("text").query(query)))
                      .sort(o -> o.field(f -> f.field("created_at").order(SortOrder.Asc))),
              JsonNode.class);
      out.printf(MATCHING, query, hits.hits().total() == null ? 0 : hits.hits().total().value());
      for (Hit<JsonNode> hit : hits.hits().hits()) {
        JsonNode doc = hit.source();
        String label = doc.at("/attributes/crisislex.label").asText("");
        out.printf(
            HIT,
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
