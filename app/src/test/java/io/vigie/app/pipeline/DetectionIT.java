package io.vigie.app.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.app.Connections;
import io.vigie.app.Pipeline;
import io.vigie.app.config.VigieConfig;
import io.vigie.app.testing.CrisisScenario;
import io.vigie.app.testing.TestConfig;
import io.vigie.localstack.LocalStack;
import io.vigie.schema.Alert;
import io.vigie.schema.AlertAction;
import io.vigie.schema.AlertActionKind;
import io.vigie.schema.AlertStatus;
import io.vigie.schema.Signal;
import io.vigie.schema.SignalKind;
import io.vigie.testkit.RealServers;
import io.vigie.testkit.TestTopics;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Detection on the real broker: three hours of chatter, then a burst of crisis posts, through
 * deduplication, enrichment and detection; one incident opens, explained, and a person's
 * acknowledgement comes back as its next version.
 */
@ExtendWith(RealServers.class)
class DetectionIT {

  private final VigieConfig config = TestConfig.config();
  @TempDir Path stateDir;
  private Connections connections;
  private Pipeline.Naming naming;
  private Pipeline pipeline;
  private String bootstrap;

  @BeforeEach
  void startStreams(LocalStack stack) throws Exception {
    connections = Connections.of(config, Optional.of(stack));
    bootstrap = stack.bootstrapServers().orElseThrow();
    naming =
        Pipeline.Naming.from(config)
            .isolated("dt" + UUID.randomUUID().toString().substring(0, 8), stateDir);
    Pipeline.setup(connections, config, naming, 0);
    pipeline =
        Pipeline.start(
            connections, config, naming, Clock.systemUTC(), EnumSet.of(Pipeline.Part.STREAMS));
  }

  @AfterEach
  void stop() {
    pipeline.close();
  }

  @Test
  void aCrisisBurstOpensOneExplainedIncidentThatAnAcknowledgementUpdates() throws Exception {
    CrisisScenario.publish(connections, naming, bootstrap);

    // Crisis vocabulary and the burst's own words (station, explosion) spike on different
    // partitions, in either order: whichever opens the incident, the others join it. (That the
    // crisis key itself alerts is checked deterministically in DetectionTopologyTest and, on the
    // real broker, on real data by the demo test.)
    List<ConsumerRecord<String, Alert>> opened =
        TestTopics.readUntil(
            bootstrap,
            naming.topics().alerts().name(),
            naming.topics().alerts().valueSerde().deserializer(),
            records ->
                records.stream()
                    .anyMatch(
                        r ->
                            r.value().getSubjectKeys().stream()
                                .anyMatch(CrisisScenario.BURST_SUBJECTS::contains)),
            // Room for the slow path too: when no early alert fires, the burst's bucket closes on
            // wall-clock time once input is silent (a clean-clone CI run timed out at 120 s).
            Duration.ofSeconds(240));
    // A rise of all posts that came with the burst is a note of its own (it links to nothing
    // through "everything"): the crisis is the rest.
    opened =
        opened.stream().filter(r -> !r.value().getSubjectKeys().equals(List.of("global"))).toList();
    Alert alert = opened.get(0).value();
    assertThat(alert.getVersion()).isEqualTo(1);
    assertThat(alert.getKind()).isEqualTo(SignalKind.SPIKE);
    assertThat(alert.getSamplePosts()).isNotEmpty();
    assertThat(opened)
        .extracting(r -> r.value().getId())
        .as(
            "one crisis, one incident; the alerts were:%n%s",
            opened.stream()
                .map(
                    r ->
                        String.format(
                            "%s v%d %s %s %s",
                            r.value().getId(),
                            r.value().getVersion(),
                            r.value().getKind(),
                            r.value().getSubjectKeys(),
                            r.value().getTitle()))
                .collect(Collectors.joining("\n")))
        .containsOnly(alert.getId());
    // A later version may hold fewer subjects (an episode of the incident ended): judge the
    // latest version that holds the burst's.
    Alert withBurst =
        opened.stream()
            .map(ConsumerRecord::value)
            .filter(
                a -> a.getSubjectKeys().stream().anyMatch(CrisisScenario.BURST_SUBJECTS::contains))
            .reduce((earlier, later) -> later)
            .orElseThrow();
    assertThat(withBurst.getExplanation().getEvidence().getTopTerms())
        .containsAnyOf("explosion", "station");
    List<ConsumerRecord<String, Signal>> signals =
        TestTopics.readAtLeast(
            bootstrap,
            naming.topics().signals().name(),
            naming.topics().signals().valueSerde().deserializer(),
            1,
            Duration.ofSeconds(30));
    assertThat(signals).extracting(r -> r.value().getKind()).contains(SignalKind.SPIKE);

    try (KafkaProducer<String, AlertAction> producer =
        new KafkaProducer<>(
            connections.kafka(),
            naming.topics().alertActions().keySerde().serializer(),
            naming.topics().alertActions().valueSerde().serializer())) {
      producer
          .send(
              new ProducerRecord<>(
                  naming.topics().alertActions().name(),
                  alert.getId(),
                  AlertAction.newBuilder()
                      .setAlertId(alert.getId())
                      .setAction(AlertActionKind.ACKNOWLEDGE)
                      .setActor("oncall@example.org")
                      .setActedAt(Instant.now())
                      .build()))
          .get();
    }
    List<ConsumerRecord<String, Alert>> versions =
        TestTopics.readUntil(
            bootstrap,
            naming.topics().alerts().name(),
            naming.topics().alerts().valueSerde().deserializer(),
            records ->
                records.stream().anyMatch(r -> r.value().getStatus() == AlertStatus.ACKNOWLEDGED),
            Duration.ofSeconds(60));
    assertThat(versions)
        .extracting(ConsumerRecord::value)
        .filteredOn(a -> a.getStatus() == AlertStatus.ACKNOWLEDGED)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.getId()).isEqualTo(alert.getId());
              assertThat(a.getLastActionBy()).isEqualTo("oncall@example.org");
            });
  }
}
