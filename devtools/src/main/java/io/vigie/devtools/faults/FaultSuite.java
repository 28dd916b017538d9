package io.vigie.devtools.faults;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.vigie.devtools.bench.PlantedEpisodes;
import io.vigie.ingest.publish.IngestMetrics;
import io.vigie.localstack.LocalStack;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;

/**
 * The fault-injection suite: each scenario runs a live {@link LedgerWriter} into a deployment of
 * its own on one local broker and Elasticsearch node, injects its fault, lets the pipeline catch
 * up, and compares the ledger with every output ({@link LedgerCheck}).
 */
public final class FaultSuite {

  /** The scenarios, by the name {@code --only} takes. */
  public enum Scenario {
    STREAMS_KILL("streams-kill"),
    ZOMBIE("zombie"),
    BROKER_RESTART("broker-restart"),
    ELASTICSEARCH_OUTAGE("elasticsearch-outage"),
    DISPATCHER_KILL("dispatcher-kill"),
    DISK_FULL("disk-full");

    public final String label;

    Scenario(String label) {
      this.label = label;
    }

    public static Scenario of(String label) {
      for (Scenario scenario : values()) {
        if (scenario.label.equals(label)) {
          return scenario;
        }
      }
      throw new IllegalArgumentException("Unknown scenario " + label);
    }
  }

  /**
   * How hard to push: kills of a streams instance, posts per second, the outage's length, and how
   * many times the zombie, broker and dispatcher faults are repeated (0: their defaults, 2, 2 and
   * 3).
   */
  public record Settings(int kills, int rate, Duration elasticsearchOutage, int repeats) {

    int repeats(int byDefault) {
      return repeats > 0 ? repeats : byDefault;
    }
  }

  static final Duration CATCH_UP = Duration.ofMinutes(3);
  static final Duration RECOVERY_TIMEOUT = Duration.ofMinutes(3);

  /** Room for the final episode's buckets to close on wall-clock time and its alert to fire. */
  static final Duration ALERT_ROOM = Duration.ofSeconds(120);

  private final LocalStack stack;
  private final Path jar;
  private final Path dir;
  private final Settings settings;
  private final PrintWriter out;
  private final MeterRegistry registry;

  public FaultSuite(
      LocalStack stack,
      Path jar,
      Path dir,
      Settings settings,
      PrintWriter out,
      MeterRegistry registry) {
    this.stack = stack;
    this.jar = jar;
    this.dir = dir;
    this.settings = settings;
    this.out = out;
    this.registry = registry;
  }

  public FaultReport run(List<Scenario> scenarios) throws Exception {
    FaultReport report = new FaultReport();
    for (Scenario scenario : scenarios) {
      say("== %s", scenario.label);
      FaultReport.Row row =
          switch (scenario) {
            case STREAMS_KILL -> new StreamsFaults(this).kills(settings.kills());
            case ZOMBIE -> new StreamsFaults(this).zombie(settings.repeats(2));
            case BROKER_RESTART -> new StreamsFaults(this).brokerRestarts(settings.repeats(2));
            case DISK_FULL -> new StreamsFaults(this).diskFull();
            case ELASTICSEARCH_OUTAGE ->
                new IndexingFaults(this).outage(settings.elasticsearchOutage());
            case DISPATCHER_KILL -> new DispatchFaults(this).kills(settings.repeats(3));
          };
      say(
          "%s: %s",
          scenario.label, row.clean() ? "nothing lost, nothing twice" : "PROBLEMS: " + row);
      report.add(row);
    }
    return report;
  }

  LocalStack stack() {
    return stack;
  }

  Path jar() {
    return jar;
  }

  Settings settings() {
    return settings;
  }

  FaultRun run(String id, Map<String, String> extra) throws Exception {
    return FaultRun.create(id, dir, stack, extra);
  }

  void say(String format, Object... args) {
    out.printf(format + "%n", args);
    out.flush();
  }

  /** Starts the ledger writer of {@code run} at the suite's rate, an episode every 20 s. */
  LedgerWriter writer(FaultRun run) {
    return new LedgerWriter(
            run.naming.topics().rawPosts(),
            run.kafka(),
            new IngestMetrics(registry),
            run.id,
            settings.rate(),
            Duration.ofSeconds(20))
        .start();
  }

  /**
   * Stops the writer (a final episode, then silence), waits for that episode's alert and for the
   * Streams application to catch up, and checks the ledger.
   *
   * @return the outcome and how long after the final episode its alert came (-1: never)
   */
  Finish finish(
      FaultRun run, LedgerWriter writer, OutputWatch watch, Admin admin, ElasticsearchClient es)
      throws Exception {
    writer.close();
    Ledger ledger = writer.ledger();
    List<Ledger.Episode> episodes = ledger.episodes();
    Ledger.Episode last = episodes.get(episodes.size() - 1);
    long deadline = System.currentTimeMillis() + ALERT_ROOM.toMillis();
    Optional<OutputWatch.SeenAlert> alert = Optional.empty();
    while (alert.isEmpty() && System.currentTimeMillis() < deadline) {
      alert =
          watch.alerts().stream()
              .filter(a -> PlantedEpisodes.names(a.alert(), last.tag()))
              .findFirst();
      Thread.sleep(200);
    }
    long afterSilence = alert.map(a -> a.seenAtMillis() - last.sentAtMillis()).orElse(-1L);
    run.awaitStreamsCaughtUp(admin, CATCH_UP);
    // Every other episode's alert is due by now too.
    while (System.currentTimeMillis() < deadline
        && !episodes.stream()
            .allMatch(
                e ->
                    watch.alerts().stream()
                        .anyMatch(a -> PlantedEpisodes.names(a.alert(), e.tag())))) {
      Thread.sleep(500);
    }
    if (es != null) {
      // Documents are checked too: the indexer must have taken every enriched post first.
      FaultRun.awaitNoLag(
          admin,
          run.naming.indexerGroupId(),
          List.of(run.naming.topics().enrichedPosts().name()),
          CATCH_UP);
    }
    return new Finish(LedgerCheck.check(ledger, run.kafka(), run.naming, es), afterSilence);
  }

  record Finish(LedgerCheck.Outcome outcome, long alertAfterSilenceMs) {}
}
