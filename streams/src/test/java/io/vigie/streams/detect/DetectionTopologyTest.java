package io.vigie.streams.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigie.schema.Alert;
import io.vigie.schema.AlertAction;
import io.vigie.schema.AlertActionKind;
import io.vigie.schema.AlertStatus;
import io.vigie.schema.EnrichedPost;
import io.vigie.schema.Post;
import io.vigie.schema.SentimentLabel;
import io.vigie.schema.Signal;
import io.vigie.schema.SignalKind;
import io.vigie.schema.VigieTopics;
import io.vigie.streams.StageMeters;
import io.vigie.streams.StreamsSettings;
import io.vigie.streams.enrich.TextAnalysis;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DetectionTopologyTest {

  private static final Instant START = Instant.parse("2026-03-02T00:00:00Z");
  private final VigieTopics topics = VigieTopics.withPrefix("test.");

  @TempDir Path stateDir;
  private TopologyTestDriver driver;
  private TestInputTopic<String, EnrichedPost> enriched;
  private TestInputTopic<String, AlertAction> actions;
  private TestOutputTopic<String, Signal> signals;
  private TestOutputTopic<String, Alert> alerts;
  private int sequence;

  @BeforeEach
  void startDriver() {
    StreamsBuilder builder = new StreamsBuilder();
    new DetectionTopology(
            topics,
            DetectionSettings.defaults(),
            new TextAnalysis(),
            new StageMeters(new SimpleMeterRegistry()))
        .build(builder);
    StreamsSettings settings =
        new StreamsSettings(
            "detect-test",
            stateDir,
            StreamsConfig.EXACTLY_ONCE_V2,
            1,
            0,
            Map.of(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092"));
    driver = new TopologyTestDriver(builder.build(), settings.toProperties(), START);
    enriched =
        driver.createInputTopic(
            topics.enrichedPosts().name(),
            new StringSerializer(),
            topics.enrichedPosts().valueSerde().serializer());
    actions =
        driver.createInputTopic(
            topics.alertActions().name(),
            new StringSerializer(),
            topics.alertActions().valueSerde().serializer());
    signals =
        driver.createOutputTopic(
            topics.signals().name(),
            topics.signals().keySerde().deserializer(),
            topics.signals().valueSerde().deserializer());
    alerts =
        driver.createOutputTopic(
            topics.alerts().name(),
            topics.alerts().keySerde().deserializer(),
            topics.alerts().valueSerde().deserializer());
  }

  @AfterEach
  void closeDriver() {
    driver.close();
  }

  private void post(Instant at, String text, List<String> words, List<String> crisisTerms) {
    String id = "p" + sequence++;
    Post post =
        Post.newBuilder()
            .setSource("test")
            .setId(id)
            .setText(text)
            .setCreatedAt(at)
            .setIngestedAt(at)
            .build();
    EnrichedPost value =
        EnrichedPost.newBuilder()
            .setPost(post)
            .setEnrichedAt(at)
            .setWords(words)
            .setCrisisTerms(crisisTerms)
            .setSentiment(crisisTerms.isEmpty() ? SentimentLabel.NEUTRAL : SentimentLabel.NEGATIVE)
            .setClusterId("test:" + id)
            .build();
    enriched.pipeInput("test:" + id, value, at);
  }

  /** Three hours of chatter, a post every two minutes, then a burst of crisis posts. */
  private void chatterThenCrisis() {
    for (int m = 0; m < 180; m += 2) {
      post(
          START.plus(Duration.ofMinutes(m)),
          "lunch with friends " + m,
          List.of("lunch", "friends"),
          List.of());
    }
    Instant crisis = START.plus(Duration.ofMinutes(181));
    for (int i = 0; i < 6; i++) {
      post(
          crisis.plusSeconds(8L * i),
          "Explosion near the station, smoke everywhere " + i,
          List.of("explosion", "station", "smoke"),
          List.of("explosion"));
    }
  }

  @Test
  void subjectStatesChangedBetweenCommitsAreInTheStoreAfterTheCommit() {
    for (int i = 0; i < 5; i++) {
      post(START.plusSeconds(30L * i), "lunch with friends " + i, List.of("lunch"), List.of());
    }

    // The driver commits after each record; the detection processor's states reach the store
    // through its before-commit hook, not as each post is judged.
    org.apache.kafka.streams.state.KeyValueStore<String, byte[]> store =
        driver.getKeyValueStore(DetectionTopology.SUBJECTS_STORE);
    SubjectDetector detector = new SubjectDetector(DetectionSettings.defaults());
    assertThat(detector.header(store.get("global")).posts()).isEqualTo(5);
  }

  @Test
  void aCrisisBurstPagesOnceWithItsExplanation() {
    chatterThenCrisis();

    List<Alert> opened =
        alerts.readValuesToList().stream().filter(a -> a.getVersion() == 1).toList();

    assertThat(opened)
        .singleElement()
        .satisfies(
            alert -> {
              assertThat(alert.getKind()).isEqualTo(SignalKind.SPIKE);
              assertThat(alert.getSubjectKeys()).contains("crisis");
              assertThat(alert.getSamplePosts()).isNotEmpty();
              assertThat(alert.getExplanation().getObserved())
                  .isGreaterThan(alert.getExplanation().getExpected());
              assertThat(alert.getExplanation().getDetectionLatencyMs())
                  .isNotNull()
                  .isLessThan(60_000L);
            });
    assertThat(signals.readValuesToList()).extracting(Signal::getKind).contains(SignalKind.SPIKE);
  }

  @Test
  void silenceAfterTheBurstStillEndsTheEpisodesAndResolvesTheIncident() {
    chatterThenCrisis();
    alerts.readValuesToList();

    for (int i = 0; i < 240; i++) {
      driver.advanceWallClockTime(Duration.ofMinutes(1));
    }

    assertThat(alerts.readValuesToList())
        .extracting(Alert::getStatus)
        .contains(AlertStatus.RESOLVED);
  }

  @Test
  void aRuleSeededFromHistoryAlertsOnItsFirstBurst() {
    SubjectDetector detector = new SubjectDetector(DetectionSettings.defaults());
    SubjectState history = detector.create("rule:acme", false);
    for (int m = 0; m < 600; m += 5) {
      long at = START.minus(Duration.ofDays(30)).plus(Duration.ofMinutes(m)).toEpochMilli();
      detector.observe(
          history, Posts.post("rule:acme", java.time.Instant.ofEpochMilli(at)), at, at);
    }
    driver
        .createInputTopic(
            topics.detectionSeeds().name(),
            new StringSerializer(),
            new org.apache.kafka.common.serialization.ByteArraySerializer())
        .pipeInput("rule:acme", detector.write(history));

    // The pipeline has just started (no warm-up yet): without its seed the rule would wait.
    for (int i = 0; i < 8; i++) {
      String id = "acme" + i;
      Instant at = START.plusSeconds(5L * i);
      Post post =
          Post.newBuilder()
              .setSource("test")
              .setId(id)
              .setText("Acme refund scandal " + i)
              .setCreatedAt(at)
              .setIngestedAt(at)
              .build();
      enriched.pipeInput(
          "test:" + id,
          EnrichedPost.newBuilder()
              .setPost(post)
              .setEnrichedAt(at)
              .setWords(List.of("acme", "refund", "scandal"))
              .setWatchRuleIds(List.of("acme"))
              .setClusterId("test:" + id)
              .build(),
          at);
    }

    assertThat(alerts.readValuesToList())
        .filteredOn(a -> a.getVersion() == 1)
        .anySatisfy(a -> assertThat(a.getSubjectKeys()).contains("rule:acme"));
  }

  @Test
  void anAcknowledgementBecomesTheIncidentsNextVersion() {
    chatterThenCrisis();
    Alert opened = alerts.readValuesToList().get(0);

    actions.pipeInput(
        opened.getId(),
        AlertAction.newBuilder()
            .setAlertId(opened.getId())
            .setAction(AlertActionKind.ACKNOWLEDGE)
            .setActor("oncall")
            .setActedAt(START.plus(Duration.ofHours(4)))
            .build());

    List<Alert> after = alerts.readValuesToList();
    assertThat(after)
        .last()
        .satisfies(
            a -> {
              assertThat(a.getId()).isEqualTo(opened.getId());
              assertThat(a.getStatus()).isEqualTo(AlertStatus.ACKNOWLEDGED);
              assertThat(a.getLastActionBy()).isEqualTo("oncall");
            });
  }
}
