package io.vigie.alerts.dispatch;

import static io.vigie.alerts.dispatch.Alerts.version;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.schema.Alert;
import io.vigie.schema.AlertStatus;
import io.vigie.schema.Evidence;
import io.vigie.schema.Explanation;
import io.vigie.schema.IncidentSplit;
import io.vigie.schema.Severity;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertMessageTest {

  @Test
  void frenchMessagesSayWhatHappenedInFrenchWithFrenchNumbers() {
    AlertMessage message =
        AlertMessage.of(
            version(1, AlertStatus.OPEN, Severity.HIGH), PagingPolicy.Reason.OPENED, "fr");

    assertThat(message.headline()).isEqualTo("[HAUTE] Pic de volume : règle acme");
    assertThat(message.why()).isEqualTo("Nouvel incident · version 1");
    assertThat(message.figures()).isEqualTo("42 messages observés pour 3,5 attendus");
    assertThat(message.latency()).isEqualTo("Détecté 2,5 min après le premier message");
    assertThat(message.lines()).contains("Termes : refund, scandal");
  }

  @Test
  void englishMessagesUseTheIncidentsOwnSummary() {
    Alert ended =
        Alert.newBuilder(version(4, AlertStatus.FALSE_POSITIVE, Severity.MEDIUM))
            .setLastActionBy("camille")
            .build();

    AlertMessage message = AlertMessage.of(ended, PagingPolicy.Reason.ENDED, "en");

    assertThat(message.headline()).isEqualTo("[MEDIUM] Volume spike: watch rule acme");
    assertThat(message.why())
        .isEqualTo("Ended: marked as a false positive · version 4 · by camille");
    assertThat(message.figures()).startsWith("42 posts in 5 min");
  }

  @Test
  void frenchMessagesGiveTheIncidentsOrganicAndCoordinatedPosts() {
    Alert alert = version(1, AlertStatus.OPEN, Severity.HIGH);
    Map<String, String> details = new HashMap<>(alert.getExplanation().getEvidence().getDetails());
    new IncidentSplit(120, 30).writeTo(details);
    Alert withSplit =
        Alert.newBuilder(alert)
            .setExplanation(
                Explanation.newBuilder(alert.getExplanation())
                    .setEvidence(
                        Evidence.newBuilder(alert.getExplanation().getEvidence())
                            .setDetails(details)
                            .build())
                    .build())
            .build();

    assertThat(AlertMessage.of(withSplit, PagingPolicy.Reason.OPENED, "fr").figures())
        .isEqualTo(
            "42 messages observés pour 3,5 attendus. "
                + "120 messages en tout : 90 organiques, 30 copies coordonnées (25 %).");
  }
}
