package io.vigie.streams.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.localstack.LocalStack;
import io.vigie.schema.Alert;
import io.vigie.schema.AlertAction;
import io.vigie.schema.AlertActionKind;
import io.vigie.schema.AlertStatus;
import io.vigie.schema.Signal;
import io.vigie.schema.SignalKind;
import io.vigie.streams.StreamsProcess;
import io.vigie.streams.StreamsRun;
import io.vigie.testkit.CrisisScenario;
import io.vigie.testkit.RealServers;
import io.vigie.testkit.TestTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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

  @TempDir Path stateDir;
  private StreamsRun run;
  private StreamsProcess streams;
  private String bootstrap;

  @BeforeEach
  void startStreams(LocalStack stack) throws Exception {
    run = StreamsRun.isolated(stack, "dt").createTopics();
    bootstrap = run.bootstrapServers();
    streams = run.start(stateDir);
  }

  @AfterEach
  void stop() {
    streams.close();
  }

  @Test
  void aCrisisBurstOpensOneExplainedIncidentThatAnAcknowledgementUpdates() throws Exception {
    CrisisScenario.publish(bootstrap, run.topics(), run.applicationId(), run.inputTopics());

    // Crisis vocabulary and the burst's own words (station, explosion) spike on different
    // partitions, in either order: whichever opens the incident, the others join it. (That the
    // crisis key itself alerts is checked deterministically in DetectionTopologyTest and, on the
    // real broker, on real data by the demo test.)
    List<ConsumerRecord<String, Alert>> opened =
        TestTopics.readUntil(
            bootstrap,
            run.topics().alerts().name(),
            run.topics().alerts().valueSerde().deserializer(),
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
            run.topics().signals().name(),
            run.topics().signals().valueSerde().deserializer(),
            1,
            Duration.ofSeconds(30));
    assertThat(signals).extracting(r -> r.value().getKind()).contains(SignalKind.SPIKE);

    try (KafkaProducer<String, AlertAction> producer =
        new KafkaProducer<>(
            run.kafka(),
            run.topics().alertActions().keySerde().serializer(),
            run.topics().alertActions().valueSerde().serializer())) {
      producer
          .send(
              new ProducerRecord<>(
                  run.topics().alertActions().name(),
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
            run.topics().alerts().name(),
            run.topics().alerts().valueSerde().deserializer(),
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
