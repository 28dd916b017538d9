package io.vigie.alerts.dispatch;

import static io.vigie.alerts.dispatch.Alerts.T0;
import static io.vigie.alerts.dispatch.Alerts.version;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigie.schema.Alert;
import io.vigie.schema.AlertStatus;
import io.vigie.schema.Severity;
import io.vigie.schema.SignalKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SilenceTest {

  private static final Instant END = T0.plus(Duration.ofHours(2));
  private final Alert acmeHigh = version(1, AlertStatus.OPEN, Severity.HIGH);
  private final Alert bostonHigh =
      version("inc-2", 1, AlertStatus.OPEN, Severity.HIGH, List.of("boston"));

  private static Silence silence(
      Optional<String> rule,
      Optional<String> route,
      Optional<SignalKind> kind,
      Optional<Severity> severity,
      Instant start,
      Instant end) {
    return new Silence(
        "s-1",
        rule,
        Optional.empty(),
        Optional.empty(),
        route,
        kind,
        severity,
        start,
        end,
        "camille",
        start,
        "known outage",
        Optional.empty());
  }

  private static Silence onRule(String rule) {
    return silence(
        Optional.of(rule), Optional.empty(), Optional.empty(), Optional.empty(), T0, END);
  }

  @Test
  void aSilenceMutesTheAlertsOfItsWatchRuleAndNoOther() {
    Silence acme = onRule("acme");

    assertThat(acme.silences("oncall", acmeHigh, T0)).isTrue();
    assertThat(acme.silences("oncall", bostonHigh, T0)).isFalse();
  }

  @Test
  void aSilenceOnARouteLeavesTheOtherRoutesPaged() {
    Silence oncallOnly =
        silence(
            Optional.of("acme"),
            Optional.of("oncall"),
            Optional.empty(),
            Optional.empty(),
            T0,
            END);

    assertThat(oncallOnly.silences("oncall", acmeHigh, T0)).isTrue();
    assertThat(oncallOnly.silences("brand-team", acmeHigh, T0)).isFalse();
  }

  @Test
  void aSeveritySilenceMutesThatSeverityAndBelowButLetsWorseThrough() {
    Silence noise =
        silence(
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.of(Severity.MEDIUM),
            T0,
            END);

    assertThat(noise.silences("oncall", version(1, AlertStatus.OPEN, Severity.LOW), T0)).isTrue();
    assertThat(noise.silences("oncall", version(1, AlertStatus.OPEN, Severity.MEDIUM), T0))
        .isTrue();
    assertThat(noise.silences("oncall", acmeHigh, T0)).isFalse();
  }

  @Test
  void aKindSilenceMutesThatKindOnly() {
    Silence spikes =
        silence(
            Optional.empty(),
            Optional.empty(),
            Optional.of(SignalKind.SPIKE),
            Optional.empty(),
            T0,
            END);
    Silence coordination =
        silence(
            Optional.empty(),
            Optional.empty(),
            Optional.of(SignalKind.COORDINATION),
            Optional.empty(),
            T0,
            END);

    assertThat(spikes.silences("oncall", acmeHigh, T0)).isTrue();
    assertThat(coordination.silences("oncall", acmeHigh, T0)).isFalse();
  }

  @Test
  void anIncidentOrSubjectSilenceMutesOnlyWhatItNames() {
    Silence incident =
        new Silence(
            "s-2",
            Optional.empty(),
            Optional.empty(),
            Optional.of("inc-2"),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            T0,
            END,
            "camille",
            T0,
            "",
            Optional.empty());
    Silence term =
        new Silence(
            "s-3",
            Optional.empty(),
            Optional.of("term:refund"),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            T0,
            END,
            "camille",
            T0,
            "",
            Optional.empty());

    assertThat(incident.silences("oncall", bostonHigh, T0)).isTrue();
    assertThat(incident.silences("oncall", acmeHigh, T0)).isFalse();
    assertThat(term.silences("oncall", acmeHigh, T0)).isTrue();
  }

  @Test
  void aSilenceMutesFromItsStartUntilJustBeforeItsEndThenExpiresOnItsOwn() {
    Instant start = T0.plus(Duration.ofMinutes(10));
    Silence later =
        silence(
            Optional.of("acme"), Optional.empty(), Optional.empty(), Optional.empty(), start, END);

    assertThat(later.state(T0)).isEqualTo(Silence.State.PENDING);
    assertThat(later.silences("oncall", acmeHigh, T0)).isFalse();
    assertThat(later.state(start)).isEqualTo(Silence.State.ACTIVE);
    assertThat(later.silences("oncall", acmeHigh, start)).isTrue();
    assertThat(later.silences("oncall", acmeHigh, END.minusMillis(1))).isTrue();
    assertThat(later.state(END)).isEqualTo(Silence.State.EXPIRED);
    assertThat(later.silences("oncall", acmeHigh, END)).isFalse();
  }

  @Test
  void aRemovedSilenceEndsAtItsRemovalAndSaysWhoRemovedIt() {
    Instant removal = T0.plus(Duration.ofMinutes(5));

    Silence removed = onRule("acme").removed("leo", removal);

    assertThat(removed.endsAt()).isEqualTo(removal);
    assertThat(removed.removedBy()).hasValue("leo");
    assertThat(removed.state(removal)).isEqualTo(Silence.State.EXPIRED);
    assertThat(removed.silences("oncall", acmeHigh, removal)).isFalse();
    assertThat(removed.removed("ana", END)).isSameAs(removed);
  }

  @Test
  void aSilenceOfEverythingIsRefused() {
    assertThatThrownBy(
            () ->
                silence(
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    T0,
                    END))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one of watch_rule");
  }

  @Test
  void durationsReadAsPeopleTypeThemOrInIso() {
    assertThat(Silence.parseDuration("90m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Silence.parseDuration("2h")).isEqualTo(Duration.ofHours(2));
    assertThat(Silence.parseDuration("1d")).isEqualTo(Duration.ofDays(1));
    assertThat(Silence.parseDuration("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(Silence.parseDuration("PT2H")).isEqualTo(Duration.ofHours(2));
    assertThat(Silence.parseDuration("p1d")).isEqualTo(Duration.ofDays(1));
    for (String wrong : List.of("soon", "0m", "-PT1H", "2 hours", "")) {
      assertThatThrownBy(() -> Silence.parseDuration(wrong))
          .as(wrong)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void aSilenceReadBackFromItsRecordIsTheSame() {
    Silence silence =
        silence(
            Optional.of("acme"),
            Optional.of("oncall"),
            Optional.of(SignalKind.SPIKE),
            Optional.of(Severity.HIGH),
            T0,
            END);

    assertThat(Silence.of(silence.toRecord())).isEqualTo(silence);
    assertThat(Silence.of(silence.removed("leo", T0).toRecord()))
        .isEqualTo(silence.removed("leo", T0));
  }

  @Test
  void theBookKeepsTheEarlierEndOfASilenceWhateverTheOrderItsStatesArrive() {
    Silence created = onRule("acme");
    Silence removed = created.removed("leo", T0.plusSeconds(60));
    SilenceBook removalFirst = new SilenceBook();
    SilenceBook creationFirst = new SilenceBook();

    removalFirst.put(removed);
    removalFirst.put(created);
    creationFirst.put(created);
    creationFirst.put(removed);

    assertThat(removalFirst.get("s-1")).hasValue(removed);
    assertThat(creationFirst.get("s-1")).hasValue(removed);
  }

  @Test
  void theRoutesFileSilencesStillHoldUntilTheirEnd() {
    Silence campaign =
        new Silence(Optional.of("acme"), Optional.empty(), Optional.empty(), END, "campaign");

    assertThat(campaign.silences("oncall", acmeHigh, T0)).isTrue();
    assertThat(campaign.silences("oncall", acmeHigh, END)).isFalse();
  }
}
