package io.vigie.streams.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.schema.Alert;
import io.vigie.schema.AlertAction;
import io.vigie.schema.AlertActionKind;
import io.vigie.schema.AlertStatus;
import io.vigie.schema.Evidence;
import io.vigie.schema.SamplePost;
import io.vigie.schema.Severity;
import io.vigie.schema.Signal;
import io.vigie.schema.SignalKind;
import io.vigie.schema.SignalPhase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IncidentAssemblerTest {

  private static final long T0 = Instant.parse("2026-03-02T12:00:00Z").toEpochMilli();
  private static final long MINUTE = 60_000;

  private final IncidentAssembler assembler =
      new IncidentAssembler(DetectionSettings.defaults().incidents());

  private static Signal signal(
      SignalKind kind,
      SignalPhase phase,
      String subject,
      long at,
      double observed,
      List<String> terms) {
    return Findings.signal(
        kind,
        phase,
        subject,
        MINUTE,
        T0,
        at,
        at + MINUTE,
        observed,
        0.5,
        6,
        T0,
        at,
        at,
        Evidence.newBuilder()
            .setTopTerms(terms)
            .setSamplePosts(
                List.of(
                    SamplePost.newBuilder()
                        .setKey("test:" + subject)
                        .setTextExcerpt("text of " + subject)
                        .setCreatedAt(Instant.ofEpochMilli(T0))
                        .build()))
            .setDetails(Map.of("posts", Long.toString((long) observed)))
            .build());
  }

  @Test
  void relatedSignalsMergeIntoOneIncidentWhoseVersionsCount() {
    List<Alert> alerts = new ArrayList<>();
    alerts.addAll(
        assembler.onSignal(
            signal(
                SignalKind.SPIKE,
                SignalPhase.OPENED,
                "crisis",
                T0,
                5,
                List.of("explosion", "marathon")),
            T0));
    alerts.addAll(
        assembler.onSignal(
            signal(
                SignalKind.SPIKE,
                SignalPhase.OPENED,
                "term:explosion",
                T0 + MINUTE,
                4,
                List.of("marathon")),
            T0 + MINUTE));

    assertThat(alerts).extracting(Alert::getId).containsOnly(alerts.get(0).getId());
    assertThat(alerts).extracting(Alert::getVersion).containsExactly(1, 2);
    assertThat(alerts.get(1).getSubjectKeys()).containsExactly("crisis", "term:explosion");
    assertThat(alerts.get(1).getSamplePosts()).hasSize(2);
  }

  @Test
  void unrelatedSignalsOpenIncidentsOfTheirOwn() {
    Alert first =
        assembler
            .onSignal(
                signal(SignalKind.SPIKE, SignalPhase.OPENED, "rule:acme", T0, 9, List.of("refund")),
                T0)
            .get(0);
    Alert second =
        assembler
            .onSignal(
                signal(
                    SignalKind.SPIKE, SignalPhase.OPENED, "rule:other", T0, 9, List.of("concert")),
                T0)
            .get(0);

    assertThat(second.getId()).isNotEqualTo(first.getId());
    assertThat(second.getVersion()).isEqualTo(1);
  }

  @Test
  void theSameSignalsGiveTheSameIncidentIds() {
    IncidentAssembler again = new IncidentAssembler(DetectionSettings.defaults().incidents());
    Signal opening = signal(SignalKind.SPIKE, SignalPhase.OPENED, "crisis", T0, 5, List.of());

    assertThat(again.onSignal(opening, T0 + 999).get(0).getId())
        .isEqualTo(assembler.onSignal(opening, T0).get(0).getId());
  }

  @Test
  void anIncidentResolvesOnceItsEpisodesEndedAndItWentQuiet() {
    assembler.onSignal(
        signal(SignalKind.SPIKE, SignalPhase.OPENED, "crisis", T0, 5, List.of()), T0);
    assembler.onSignal(
        signal(SignalKind.SPIKE, SignalPhase.CLOSED, "crisis", T0 + 10 * MINUTE, 0, List.of()), T0);

    assertThat(assembler.advance(T0 + 50 * MINUTE, T0))
        .as("an hour of quiet is not over")
        .isEmpty();
    List<Alert> resolved = assembler.advance(T0 + 61 * MINUTE, T0);

    assertThat(resolved)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.getStatus()).isEqualTo(AlertStatus.RESOLVED);
              assertThat(a.getVersion()).isEqualTo(2);
            });
    assertThat(assembler.openAlerts()).isEmpty();
  }

  @Test
  void theEndOfAnEpisodeDoesNotKeepItsIncidentOpenToNewcomers() {
    Alert chatter =
        assembler
            .onSignal(
                signal(
                    SignalKind.SPIKE,
                    SignalPhase.OPENED,
                    "global",
                    T0,
                    9,
                    List.of("boston", "marathon", "race")),
                T0)
            .get(0);
    assembler.onSignal(
        signal(
            SignalKind.SPIKE,
            SignalPhase.CLOSED,
            "global",
            T0 + 300 * MINUTE,
            0,
            List.of("boston", "marathon", "race")),
        T0);

    Alert crisis =
        assembler
            .onSignal(
                signal(
                    SignalKind.SPIKE,
                    SignalPhase.OPENED,
                    "crisis",
                    T0 + 330 * MINUTE,
                    3,
                    List.of("boston", "marathon", "race", "explosion")),
                T0)
            .get(0);

    assertThat(crisis.getId()).isNotEqualTo(chatter.getId());
    assertThat(crisis.getVersion()).isEqualTo(1);
  }

  @Test
  void anOpenEpisodeKeepsItsIncidentOpen() {
    assembler.onSignal(
        signal(SignalKind.SPIKE, SignalPhase.OPENED, "crisis", T0, 5, List.of()), T0);

    assertThat(assembler.advance(T0 + 600 * MINUTE, T0)).isEmpty();
  }

  @Test
  void aPersonsActionBecomesTheNextVersionWithWhoDidIt() {
    Alert opened =
        assembler
            .onSignal(signal(SignalKind.SPIKE, SignalPhase.OPENED, "crisis", T0, 5, List.of()), T0)
            .get(0);

    List<Alert> acknowledged =
        assembler.onAction(
            AlertAction.newBuilder()
                .setAlertId(opened.getId())
                .setAction(AlertActionKind.ACKNOWLEDGE)
                .setActor("marie")
                .setActedAt(Instant.ofEpochMilli(T0 + MINUTE))
                .build(),
            T0 + MINUTE);

    assertThat(acknowledged)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.getStatus()).isEqualTo(AlertStatus.ACKNOWLEDGED);
              assertThat(a.getVersion()).isEqualTo(2);
              assertThat(a.getLastActionBy()).isEqualTo("marie");
            });
  }

  @Test
  void aWeakSignalAloneInformsAndAWatchedCrisisPages() {
    Alert weak =
        assembler
            .onSignal(
                signal(SignalKind.WEAK_SIGNAL, SignalPhase.OPENED, "term:flood", T0, 6, List.of()),
                T0)
            .get(0);
    Alert crisis =
        assembler
            .onSignal(
                signal(
                    SignalKind.SPIKE,
                    SignalPhase.OPENED,
                    "crisis",
                    T0 + 300 * MINUTE,
                    6,
                    List.of()),
                T0)
            .get(0);

    assertThat(weak.getSeverity()).isEqualTo(Severity.INFO);
    assertThat(crisis.getSeverity().ordinal()).isGreaterThanOrEqualTo(Severity.HIGH.ordinal());
  }

  @Test
  void aViralPostSeenByAHundredThousandPeopleRanksAboveAnObscureOne() {
    Signal obscure =
        signal(SignalKind.VIRAL_POST, SignalPhase.OPENED, "cluster:a", T0, 25, List.of());
    Signal wide = signal(SignalKind.VIRAL_POST, SignalPhase.OPENED, "cluster:b", T0, 25, List.of());
    Signal seenWidely =
        Signal.newBuilder(wide)
            .setEvidence(
                Evidence.newBuilder(wide.getEvidence())
                    .setDetails(
                        Map.of("posts", "25", "reach", Long.toString(IncidentAssembler.WIDE_REACH)))
                    .build())
            .build();

    Alert low = assembler.onSignal(obscure, T0).get(0);
    Alert raised = assembler.onSignal(seenWidely, T0).get(0);

    assertThat(low.getSeverity()).isEqualTo(Severity.LOW);
    assertThat(raised.getSeverity()).isEqualTo(Severity.MEDIUM);
  }

  @Test
  void anIncidentSurvivesASnapshotAndRestore() {
    Alert opened =
        assembler
            .onSignal(signal(SignalKind.SPIKE, SignalPhase.OPENED, "crisis", T0, 5, List.of()), T0)
            .get(0);
    IncidentAssembler restored = new IncidentAssembler(DetectionSettings.defaults().incidents());

    restored.restore(assembler.snapshot(List.of(opened.getId())).get(opened.getId()));
    List<Alert> next =
        restored.onSignal(
            signal(SignalKind.SPIKE, SignalPhase.OPENED, "global", T0 + MINUTE, 50, List.of()), T0);

    assertThat(next)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.getId()).isEqualTo(opened.getId());
              assertThat(a.getVersion()).isEqualTo(2);
            });
  }
}
