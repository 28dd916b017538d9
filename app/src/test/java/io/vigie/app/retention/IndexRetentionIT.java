package io.vigie.app.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigie.app.Connections;
import io.vigie.app.Pipeline;
import io.vigie.app.cli.ExitCode;
import io.vigie.app.config.ConfigLoader;
import io.vigie.app.config.VigieConfig;
import io.vigie.app.testing.CliRun;
import io.vigie.core.health.ConsumerLag;
import io.vigie.indexer.elasticsearch.ElasticsearchClients;
import io.vigie.indexer.retention.ExpiredIndices;
import io.vigie.indexer.retention.IndexRetention;
import io.vigie.indexer.retention.RetentionSweeper;
import io.vigie.localstack.LocalStack;
import io.vigie.schema.Alert;
import io.vigie.schema.Signal;
import io.vigie.schema.Topic;
import io.vigie.testkit.RealServers;
import io.vigie.testkit.SampleFindings;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention on the real (minimal) Elasticsearch, which has no index lifecycle management: Vigie
 * deletes the monthly indices past their retention itself, keeps the others, and the indexer goes
 * on writing documents that the patterns Kibana and the console search ({@code <prefix>signals-*},
 * {@code <prefix>alerts-*}) find. No test can wait a year, and Elasticsearch sets an index's
 * creation date itself: the indices are created now, and the deletion runs as of a day {@link
 * #LATER} from now, when they are that old.
 */
@ExtendWith(RealServers.class)
class IndexRetentionIT {

  private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy.MM");
  private static final Duration LATER = Duration.ofDays(400);

  @TempDir Path stateDir;
  private Map<String, String> settings;
  private VigieConfig config;
  private Connections connections;
  private Pipeline.Naming naming;
  private ElasticsearchClient elasticsearch;
  private String prefix;

  @BeforeEach
  void setUp(LocalStack stack) throws Exception {
    String run = "rt" + UUID.randomUUID().toString().substring(0, 8);
    settings = new HashMap<>(RealServers.TEST_SETTINGS);
    settings.put(VigieConfig.KAFKA_BOOTSTRAP, stack.bootstrapServers().orElseThrow());
    settings.put(VigieConfig.ES_URLS, stack.elasticsearchUrl().orElseThrow().toString());
    settings.put(VigieConfig.TOPICS_PREFIX, run + ".");
    settings.put(VigieConfig.INDEXER_GROUP_ID, run + "-indexer");
    settings.put(VigieConfig.ES_INDEX_PREFIX, run + "-");
    settings.put(VigieConfig.STREAMS_STATE_DIR, stateDir.toString());
    config = ConfigLoader.load(Optional.empty(), Map.of(), settings);
    connections = Connections.of(config, Optional.of(stack));
    naming = Pipeline.Naming.from(config);
    prefix = naming.indexPrefix();
    Pipeline.setup(connections, config, naming, 0);
    elasticsearch = ElasticsearchClients.create(connections.elasticsearch());
  }

  @AfterEach
  void tearDown() throws Exception {
    elasticsearch._transport().close();
  }

  @Test
  void shouldDeleteOnlyIndicesPastTheirRetentionAndKeepIndexingIntoThePatterns() throws Exception {
    Instant now = Instant.now();
    Instant later = now.plus(LATER);
    YearMonth twoYearsAgo = YearMonth.now(ZoneOffset.UTC).minusYears(2);
    YearMonth fiveMonthsAgo = YearMonth.now(ZoneOffset.UTC).minusMonths(5);
    YearMonth laterMonth = YearMonth.from(later.atZone(ZoneOffset.UTC));
    // Past retention (signals and alerts 365 days, posts 90) by then: month and creation.
    String oldSignals = createWithOneDocument("signals", twoYearsAgo);
    String oldAlerts = createWithOneDocument("alerts", twoYearsAgo);
    String oldActions = createWithOneDocument("alert-actions", twoYearsAgo);
    String oldPosts = createWithOneDocument("posts", fiveMonthsAgo);
    // Within retention then: that day's month, and a month two before it (inside 365 days).
    String currentThen = createWithOneDocument("signals", laterMonth);
    String recentThen = createWithOneDocument("alerts", laterMonth.minusMonths(2));
    List<String> expired =
        List.of(oldActions, oldAlerts, oldSignals, oldPosts); // oldest month first

    // Today every one of them was created minutes ago: old months replayed now keep their
    // retention from now, so nothing goes.
    CliRun today = CliRun.vigie(settings, "retention");
    assertThat(today.exit()).as(today.err()).isZero();
    assertThat(today.out()).contains("0 indices past retention; 6 kept.").doesNotContain("Deleted");
    assertThat(exists(expired)).isTrue();

    CliRun preview = CliRun.vigie(settings, "retention", "--dry-run", "--at", later.toString());
    assertThat(preview.exit()).as(preview.err()).isZero();
    assertThat(preview.out())
        .contains("Would delete " + oldSignals + ": signals of " + twoYearsAgo + ", created ")
        .contains("Would delete " + oldAlerts + ": alerts of " + twoYearsAgo)
        .contains("Would delete " + oldActions + ": alert-actions of " + twoYearsAgo)
        .contains("Would delete " + oldPosts + ": posts of " + fiveMonthsAgo)
        .contains("past its retention of 365 days", "past its retention of 90 days")
        .contains("4 indices past retention; 2 kept.", "Dry run: nothing deleted.")
        .doesNotContain(currentThen, recentThen);
    assertThat(exists(expired)).isTrue();
    assertThat(CliRun.vigie(settings, "retention", "--at", later.toString()).exit())
        .as("--at without --dry-run would delete before the retention is over")
        .isEqualTo(ExitCode.USAGE.code());

    IndexRetention.Report report =
        new IndexRetention(
                elasticsearch, prefix, config.indexRetention(), Clock.fixed(later, ZoneOffset.UTC))
            .apply(false);

    assertThat(report.lifecycle()).isFalse();
    assertThat(report.expired())
        .extracting(ExpiredIndices.Expired::index)
        .containsExactlyElementsOf(expired);
    assertThat(report.kept()).isEqualTo(2);
    for (String deleted : expired) {
      assertThat(exists(List.of(deleted))).as(deleted).isFalse();
    }
    assertThat(exists(List.of(currentThen, recentThen))).isTrue();

    // The indexer goes on: a new signal, a live alert's two versions, and a late signal of a
    // deleted month, whose index the template creates again.
    Alert replayed = SampleFindings.alert();
    try (Pipeline pipeline =
        Pipeline.start(
            connections, config, naming, Clock.systemUTC(), EnumSet.of(Pipeline.Part.INDEXER))) {
      send(naming.topics().signals(), "now", signal("now", now));
      send(naming.topics().signals(), "late", signal("late", start(twoYearsAgo).plusSeconds(7200)));
      send(naming.topics().alerts(), "live", alert("live", now, 1));
      send(naming.topics().alerts(), "live", alert("live", now, 2));
      awaitIndexed();
      assertThat(pipeline.indexer().orElseThrow().deadLettered()).isZero();
    }
    elasticsearch.indices().refresh(r -> r.index(prefix + "*"));
    assertThat(ids(prefix + "signals-*"))
        .containsExactlyInAnyOrder("now", "late", "kept-" + laterMonth);
    assertThat(ids(prefix + "alerts-*"))
        .containsExactlyInAnyOrder("live", "old-" + laterMonth.minusMonths(2));
    var live =
        elasticsearch.search(
            s ->
                s.index(prefix + "alerts-*").query(q -> q.ids(i -> i.values("live"))).version(true),
            Object.class);
    assertThat(live.hits().hits()).singleElement().extracting(hit -> hit.version()).isEqualTo(2L);
    assertThat(exists(List.of(oldSignals))).as("re-created by the late signal").isTrue();
  }

  @Test
  void shouldDeleteExpiredIndicesPeriodicallyAndCountThem() throws Exception {
    YearMonth twoYearsAgo = YearMonth.now(ZoneOffset.UTC).minusYears(2);
    String expired = createWithOneDocument("alerts", twoYearsAgo);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();

    RetentionSweeper sweeper =
        RetentionSweeper.start(
            new IndexRetention(
                elasticsearch,
                prefix,
                config.indexRetention(),
                Clock.fixed(Instant.now().plus(LATER), ZoneOffset.UTC)),
            Duration.ofMillis(500),
            registry);
    try {
      await().atMost(Duration.ofSeconds(60)).until(() -> !exists(List.of(expired)));
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(
                          registry
                              .counter("vigie.retention.indices.deleted", "kind", "alerts")
                              .count())
                      .isEqualTo(1));
    } finally {
      sweeper.close();
    }
    assertThat(registry.counter("vigie.retention.failures").count()).isZero();
  }

  /**
   * {@code <prefix><kind>-<month>} created now from Vigie's template, with one document dated in
   * that month.
   */
  private String createWithOneDocument(String kind, YearMonth month) throws Exception {
    String index = prefix + kind + "-" + MONTH.format(month);
    String at = start(month).plusSeconds(3600).toString();
    String id = (kind.equals("signals") ? "kept-" : "old-") + month;
    String document =
        switch (kind) {
          case "posts" -> "{\"post_key\":\"t:1\",\"text\":\"old\",\"created_at\":\"" + at + "\"}";
          case "signals" -> "{\"id\":\"" + id + "\",\"window_start\":\"" + at + "\"}";
          case "alerts" -> "{\"id\":\"" + id + "\",\"first_seen\":\"" + at + "\"}";
          default ->
              "{\"alert_id\":\"" + id + "\",\"action\":\"RESOLVE\",\"acted_at\":\"" + at + "\"}";
        };
    elasticsearch.index(
        i -> i.index(index).id(id).withJson(new StringReader(document)).refresh(Refresh.True));
    return index;
  }

  private static Instant start(YearMonth month) {
    return month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  private static Signal signal(String id, Instant windowStart) {
    return Signal.newBuilder(SampleFindings.signal())
        .setId(id)
        .setWindowStart(windowStart)
        .setWindowEnd(windowStart.plusSeconds(60))
        .setDetectedAt(windowStart.plusSeconds(61))
        .setFirstPostAt(windowStart)
        .build();
  }

  private static Alert alert(String id, Instant firstSeen, int version) {
    return Alert.newBuilder(SampleFindings.alert())
        .setId(id)
        .setVersion(version)
        .setFirstSeen(firstSeen)
        .setLastSeen(firstSeen.plusSeconds(60))
        .setUpdatedAt(firstSeen.plusSeconds(60 * version))
        .build();
  }

  private boolean exists(List<String> indices) throws Exception {
    return elasticsearch.indices().exists(e -> e.index(indices)).value();
  }

  private List<String> ids(String pattern) throws Exception {
    return elasticsearch
        .search(s -> s.index(pattern).size(100), Object.class)
        .hits()
        .hits()
        .stream()
        .map(hit -> hit.id())
        .toList();
  }

  private void awaitIndexed() throws Exception {
    try (Admin admin = Admin.create(connections.kafka())) {
      await()
          .atMost(Duration.ofSeconds(90))
          .untilAsserted(
              () ->
                  assertThat(
                          ConsumerLag.of(
                              admin,
                              naming.indexerGroupId(),
                              List.of(
                                  naming.topics().signals().name(),
                                  naming.topics().alerts().name())))
                      .isZero());
    }
  }

  private <T> void send(Topic<String, T> topic, String key, T value) throws Exception {
    try (var producer =
        new KafkaProducer<>(
            connections.kafka(), topic.keySerde().serializer(), topic.valueSerde().serializer())) {
      producer.send(new ProducerRecord<>(topic.name(), key, value)).get();
    }
  }
}
