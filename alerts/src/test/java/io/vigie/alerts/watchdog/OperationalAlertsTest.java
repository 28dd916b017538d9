package io.vigie.alerts.watchdog;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.alerts.dispatch.AlertMessage;
import io.vigie.alerts.dispatch.PagingPolicy;
import io.vigie.alerts.watchdog.PipelineWatch.Finding;
import io.vigie.alerts.watchdog.PipelineWatch.Problem;
import io.vigie.schema.Alert;
import io.vigie.schema.AlertStatus;
import io.vigie.schema.Severity;
import io.vigie.schema.SignalKind;
import io.vigie.streams.detect.IncidentAssembler;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OperationalAlertsTest {

  private static final Instant SINCE = Instant.parse("2026-12-01T08:00:00Z");
  private static final Finding SILENT =
      new Finding(
          Problem.SOURCE_SILENT,
          "mastodon",
          true,
          SINCE,
          Severity.HIGH,
          0,
          42,
          "No post from source mastodon for 10 min",
          "Aucun message de la source mastodon depuis 10 min");

  @Test
  void shouldOpenAsVersionOneAndEndAsVersionTwoOfTheSameAlert() {
    Alert opened = OperationalAlerts.toAlert(SILENT, SINCE.plusSeconds(600));
    Finding ended =
        new Finding(
            SILENT.problem(),
            SILENT.subject(),
            false,
            SINCE,
            Severity.HIGH,
            0,
            42,
            SILENT.summary(),
            SILENT.summaryFr());
    Alert resolved = OperationalAlerts.toAlert(ended, SINCE.plusSeconds(1200));

    assertThat(opened.getKind()).isEqualTo(SignalKind.OPERATIONAL);
    assertThat(opened.getVersion()).isEqualTo(1);
    assertThat(opened.getStatus()).isEqualTo(AlertStatus.OPEN);
    assertThat(opened.getSubjectKeys()).containsExactly("ops:source:mastodon");
    assertThat(resolved.getId()).isEqualTo(opened.getId());
    assertThat(resolved.getVersion()).isEqualTo(2);
    assertThat(resolved.getStatus()).isEqualTo(AlertStatus.RESOLVED);
    assertThat(resolved.getSummary()).startsWith("Ended after 20 min.");
  }

  @Test
  void shouldGiveBackTheFindingOfAnOpenOperationalAlertAfterARestart() {
    Alert opened = OperationalAlerts.toAlert(SILENT, SINCE.plusSeconds(600));

    assertThat(OperationalAlerts.toFinding(opened))
        .hasValueSatisfying(
            f -> {
              assertThat(f.problem()).isEqualTo(Problem.SOURCE_SILENT);
              assertThat(f.subject()).isEqualTo("mastodon");
              assertThat(f.open()).isTrue();
              assertThat(f.since()).isEqualTo(SINCE);
            });
  }

  @Test
  void shouldReadAsAnOperationsMessageInFrenchAndEnglish() {
    Alert opened = OperationalAlerts.toAlert(SILENT, SINCE.plusSeconds(600));

    AlertMessage fr = AlertMessage.of(opened, PagingPolicy.Reason.OPENED, "fr");
    AlertMessage en = AlertMessage.of(opened, PagingPolicy.Reason.OPENED, "en");

    assertThat(fr.lines().get(0)).isEqualTo("[HAUTE] Exploitation : source mastodon muette");
    assertThat(fr.lines()).contains("Aucun message de la source mastodon depuis 10 min");
    assertThat(en.lines().get(0)).isEqualTo("[HIGH] Operations: source mastodon silent");
  }

  @Test
  void shouldNameEveryOperationalAlertOutsideTheNamespaceOfDetectionsIncidents() {
    for (Problem problem : Problem.values()) {
      Finding finding =
          new Finding(problem, "incidents", true, SINCE, Severity.HIGH, 0, 1, "s", "s");

      assertThat(OperationalAlerts.toAlert(finding, SINCE).getId())
          .startsWith(OperationalAlerts.ID_PREFIX)
          .doesNotStartWith(IncidentAssembler.ID_PREFIX);
    }
    assertThat(IncidentAssembler.ID_PREFIX).doesNotStartWith(OperationalAlerts.ID_PREFIX);
  }
}
