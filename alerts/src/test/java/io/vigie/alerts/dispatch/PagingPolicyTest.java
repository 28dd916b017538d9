package io.vigie.alerts.dispatch;

import static io.vigie.alerts.dispatch.Alerts.T0;
import static io.vigie.alerts.dispatch.Alerts.version;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.schema.Alert;
import io.vigie.schema.AlertDelivery;
import io.vigie.schema.AlertStatus;
import io.vigie.schema.DeliveryOutcome;
import io.vigie.schema.Severity;
import java.net.URI;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PagingPolicyTest {

  private final AlertRoute oncall = route(Optional.empty());

  private static AlertRoute route(Optional<QuietHours> quiet) {
    return new AlertRoute(
        "oncall",
        Severity.MEDIUM,
        Set.of(),
        Set.of(),
        new AlertRoute.Channel(
            AlertRoute.ChannelType.WEBHOOK,
            URI.create("https://example.org/hook"),
            Optional.empty()),
        "en",
        30,
        quiet);
  }

  /** Runs versions through the policy as the dispatcher does, returning each outcome. */
  private List<String> outcomes(
      AlertRoute route, List<Silence> silences, Instant now, Alert... versions) {
    AlertDelivery previous = null;
    List<String> outcomes = new java.util.ArrayList<>();
    for (Alert alert : versions) {
      var decision = PagingPolicy.decide(route, alert, previous, silences, now);
      if (decision.isEmpty()) {
        outcomes.add("-");
        continue;
      }
      outcomes.add(decision.get().reason().map(Enum::name).orElse(decision.get().outcome().name()));
      previous = PagingPolicy.record(route, alert, previous, decision.get().outcome(), 1, "", now);
    }
    return outcomes;
  }

  @Test
  void peopleHearOfAnIncidentWhenItOpensWorsensAndEndsNotAtEveryUpdate() {
    assertThat(
            outcomes(
                oncall,
                List.of(),
                T0,
                version(1, AlertStatus.OPEN, Severity.MEDIUM),
                version(2, AlertStatus.OPEN, Severity.MEDIUM),
                version(3, AlertStatus.OPEN, Severity.HIGH),
                version(4, AlertStatus.RESOLVED, Severity.HIGH)))
        .containsExactly("OPENED", "NOT_PAGED", "ESCALATED", "ENDED");
  }

  @Test
  void anAcknowledgedIncidentStopsPagingUntilItEnds() {
    assertThat(
            outcomes(
                oncall,
                List.of(),
                T0,
                version(1, AlertStatus.OPEN, Severity.MEDIUM),
                version(2, AlertStatus.ACKNOWLEDGED, Severity.MEDIUM),
                version(3, AlertStatus.ACKNOWLEDGED, Severity.CRITICAL),
                version(4, AlertStatus.RESOLVED, Severity.CRITICAL)))
        .containsExactly("OPENED", "NOT_PAGED", "NOT_PAGED", "ENDED");
  }

  @Test
  void aVersionAlreadyHandledIsIgnoredWhenReplayed() {
    Alert v1 = version(1, AlertStatus.OPEN, Severity.MEDIUM);

    assertThat(
            outcomes(oncall, List.of(), T0, v1, v1, version(2, AlertStatus.OPEN, Severity.LOW), v1))
        .containsExactly("OPENED", "-", "NOT_PAGED", "-");
  }

  @Test
  void anIncidentThatNeverPagedDoesNotPageWhenItEnds() {
    assertThat(
            outcomes(
                oncall,
                List.of(),
                T0,
                version(1, AlertStatus.OPEN, Severity.LOW),
                version(2, AlertStatus.RESOLVED, Severity.LOW)))
        .containsExactly("NOT_PAGED", "NOT_PAGED");
  }

  @Test
  void aSilenceOnTheWatchRuleHoldsItsAlertsUntilItExpires() {
    Silence campaign =
        new Silence(
            Optional.of("acme"),
            Optional.empty(),
            Optional.empty(),
            T0.plusSeconds(3600),
            "campaign");

    assertThat(outcomes(oncall, List.of(campaign), T0, version(1, AlertStatus.OPEN, Severity.HIGH)))
        .containsExactly("SILENCED");
    assertThat(
            outcomes(
                oncall,
                List.of(campaign),
                T0.plusSeconds(7200),
                version(1, AlertStatus.OPEN, Severity.HIGH)))
        .containsExactly("OPENED");
  }

  @Test
  void quietHoursInTheRoutesTimeZoneHoldAllButTheSevereAcrossMidnight() {
    AlertRoute night =
        route(
            Optional.of(
                new QuietHours(
                    LocalTime.of(22, 0),
                    LocalTime.of(7, 0),
                    ZoneId.of("Europe/Paris"),
                    Severity.HIGH)));
    Instant parisMidnight = Instant.parse("2026-03-02T23:30:00Z"); // 00:30 in Paris
    Instant parisNoon = Instant.parse("2026-03-02T11:00:00Z");

    assertThat(
            outcomes(
                night, List.of(), parisMidnight, version(1, AlertStatus.OPEN, Severity.MEDIUM)))
        .containsExactly("QUIET_HOURS");
    assertThat(
            outcomes(night, List.of(), parisMidnight, version(1, AlertStatus.OPEN, Severity.HIGH)))
        .containsExactly("OPENED");
    assertThat(outcomes(night, List.of(), parisNoon, version(1, AlertStatus.OPEN, Severity.MEDIUM)))
        .containsExactly("OPENED");
  }

  @Test
  void aRouteForOneWatchRuleIgnoresTheOthers() {
    AlertRoute brand =
        new AlertRoute(
            "brand",
            Severity.LOW,
            Set.of(),
            Set.of("other-brand"),
            oncall.channel(),
            "fr",
            30,
            Optional.empty());

    assertThat(outcomes(brand, List.of(), T0, version(1, AlertStatus.OPEN, Severity.HIGH)))
        .containsExactly("-");
  }

  @Test
  void theDeliveryLogRemembersTheLastPagedVersionThroughVersionsThatDidNotPage() {
    AlertDelivery opened =
        PagingPolicy.record(
            oncall,
            version(1, AlertStatus.OPEN, Severity.MEDIUM),
            null,
            DeliveryOutcome.DELIVERED,
            1,
            "",
            T0);
    AlertDelivery update =
        PagingPolicy.record(
            oncall,
            version(2, AlertStatus.OPEN, Severity.MEDIUM),
            opened,
            DeliveryOutcome.NOT_PAGED,
            0,
            "",
            T0);

    assertThat(update.getVersion()).isEqualTo(2);
    assertThat(update.getLastPagedVersion()).isEqualTo(1);
    assertThat(update.getLastPagedSeverity()).isEqualTo(Severity.MEDIUM);
  }
}
