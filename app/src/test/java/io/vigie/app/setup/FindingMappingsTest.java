package io.vigie.app.setup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigie.app.config.VigieConfig;
import io.vigie.core.json.AvroDocuments;
import io.vigie.indexer.setup.IndexTemplates;
import io.vigie.testkit.SampleFindings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The index templates against the signal, alert and alert-action documents the pipeline writes:
 * here rather than in the indexer module because the documents come from the launcher's sample
 * findings and from the streams module's silences.
 */
class FindingMappingsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final IndexTemplates templates =
      new IndexTemplates("acme-", 2, VigieConfig.defaults().indexRetention());

  @Test
  void shouldMapEveryFieldASignalOrAlertDocumentCanCarry() throws Exception {
    JsonNode signalProperties =
        JSON.readTree(templates.render("signals-mappings.component.json"))
            .at("/template/mappings/properties");
    JsonNode alertProperties =
        JSON.readTree(templates.render("alerts-mappings.component.json"))
            .at("/template/mappings/properties");
    JsonNode signal = JSON.readTree(AvroDocuments.toJson(SampleFindings.signal()));
    JsonNode alert = JSON.readTree(AvroDocuments.toJson(SampleFindings.alert()));

    List<String> unmapped = new ArrayList<>();
    collectUnmapped(signal, signalProperties, "signal.", unmapped);
    collectUnmapped(alert, alertProperties, "alert.", unmapped);

    JsonNode actionProperties =
        JSON.readTree(templates.render("alert-actions-mappings.component.json"))
            .at("/template/mappings/properties");
    JsonNode action =
        JSON.readTree(
            AvroDocuments.toJson(
                io.vigie.schema.AlertAction.newBuilder()
                    .setAlertId("a1")
                    .setAction(io.vigie.schema.AlertActionKind.ASSIGN)
                    .setActor("camille")
                    .setAssignee("leo")
                    .setComment("yours")
                    .setActedAt(Instant.parse("2013-04-15T19:00:00Z"))
                    .build()));
    collectUnmapped(action, actionProperties, "action.", unmapped);
    Instant at = Instant.parse("2013-04-15T19:00:00Z");
    JsonNode silence =
        JSON.readTree(
            AvroDocuments.toJson(
                io.vigie.schema.AlertAction.newBuilder()
                    .setAlertId("silence:s1")
                    .setAction(io.vigie.schema.AlertActionKind.UNSILENCE)
                    .setActor("camille")
                    .setActedAt(at)
                    .setSilence(
                        new io.vigie.alerts.dispatch.Silence(
                                "s1",
                                java.util.Optional.of("boston"),
                                java.util.Optional.of("term:explosion"),
                                java.util.Optional.of("a1"),
                                java.util.Optional.of("oncall"),
                                java.util.Optional.of(io.vigie.schema.SignalKind.SPIKE),
                                java.util.Optional.of(io.vigie.schema.Severity.LOW),
                                at,
                                at.plusSeconds(3600),
                                "camille",
                                at,
                                "known outage",
                                java.util.Optional.of("leo"))
                            .toRecord())
                    .build()));
    collectUnmapped(silence, actionProperties, "silence action.", unmapped);
    assertThat(unmapped).isEmpty();
    assertThat(alert.at("/explanation/evidence/sample_posts/0/created_at").asText())
        .isEqualTo("2013-04-15T18:55:00Z");
    assertThat(alert.at("/severity").asText()).isEqualTo("HIGH");
    assertThat(signal.at("/evidence/details/reach").asText()).isEqualTo("120000");
  }

  private static void collectUnmapped(
      JsonNode document, JsonNode properties, String path, List<String> unmapped) {
    for (Iterator<Map.Entry<String, JsonNode>> fields = document.fields(); fields.hasNext(); ) {
      Map.Entry<String, JsonNode> field = fields.next();
      JsonNode mapping = properties.get(field.getKey());
      if (mapping == null) {
        unmapped.add(path + field.getKey());
      } else if (field.getValue().isObject() && mapping.has("properties")) {
        collectUnmapped(
            field.getValue(), mapping.get("properties"), path + field.getKey() + ".", unmapped);
      } else if (field.getValue().isArray() && mapping.has("properties")) {
        for (JsonNode item : field.getValue()) {
          collectUnmapped(item, mapping.get("properties"), path + field.getKey() + ".", unmapped);
        }
      } else if (field.getValue().isObject() && !mapping.has("type")) {
        unmapped.add(path + field.getKey() + " (object without properties)");
      }
    }
  }
}
