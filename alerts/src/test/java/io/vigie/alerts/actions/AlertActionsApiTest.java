package io.vigie.alerts.actions;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.core.http.ApiTokens;
import io.vigie.schema.Alert;
import io.vigie.schema.AlertAction;
import io.vigie.schema.AlertActionKind;
import io.vigie.schema.AlertStatus;
import io.vigie.schema.Evidence;
import io.vigie.schema.Explanation;
import io.vigie.schema.Severity;
import io.vigie.schema.SignalKind;
import io.vigie.schema.VigieTopics;
import io.vigie.streams.detect.IncidentAssembler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The API's answers over real HTTP; Kafka is a mock here, the real broker is in the IT. */
class AlertActionsApiTest {

  private static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");
  private final VigieTopics topics = VigieTopics.withPrefix("test.");
  private final HttpClient http = HttpClient.newHttpClient();
  private final IncidentStates states = IncidentStates.fedByHand();
  private MockProducer<String, AlertAction> producer;
  private AlertActionsApi api;

  @BeforeEach
  void start() throws Exception {
    states.record(alert("inc-1", AlertStatus.OPEN, SignalKind.SPIKE, NOW));
    states.record(alert("inc-resolved", AlertStatus.RESOLVED, SignalKind.SPIKE, NOW));
    states.record(alert("inc-wrong", AlertStatus.FALSE_POSITIVE, SignalKind.SPIKE, NOW));
    states.record(
        alert(
            "inc-long-gone",
            AlertStatus.RESOLVED,
            SignalKind.SPIKE,
            NOW.minus(IncidentAssembler.REOPEN_WINDOW).minusSeconds(1)));
    states.record(alert("ops-source-silent-1", AlertStatus.OPEN, SignalKind.OPERATIONAL, NOW));
    producer =
        new MockProducer<>(
            true, null, new StringSerializer(), topics.alertActions().valueSerde().serializer());
    api =
        AlertActionsApi.start(
            "127.0.0.1",
            0,
            ApiTokens.parse(
                List.of("responder-token=camille:responder", "viewer-token=ana:viewer")),
            topics.alertActions(),
            producer,
            states,
            Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private HttpResponse<String> post(String path, String token, String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aResponderAcknowledgesAndTheActionCarriesWhoAndWhen() throws Exception {
    HttpResponse<String> response =
        post("/v1/alerts/inc-1/acknowledge", "responder-token", "{\"comment\": \"on it\"}");

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(response.body()).contains("\"actor\":\"camille\"");
    AlertAction action = producer.history().get(0).value();
    assertThat(producer.history().get(0).key()).isEqualTo("inc-1");
    assertThat(action.getAction()).isEqualTo(AlertActionKind.ACKNOWLEDGE);
    assertThat(action.getActor()).isEqualTo("camille");
    assertThat(action.getComment()).isEqualTo("on it");
    assertThat(action.getActedAt()).isEqualTo(NOW);
  }

  @Test
  void callersWithoutAKnownTokenAreRefusedAndNothingIsRecorded() throws Exception {
    assertThat(post("/v1/alerts/inc-1/resolve", null, "").statusCode()).isEqualTo(401);
    assertThat(post("/v1/alerts/inc-1/resolve", "wrong-token", "").statusCode()).isEqualTo(401);
    assertThat(post("/v1/alerts/inc-1/resolve", "viewer-token", "").statusCode()).isEqualTo(403);
    assertThat(producer.history()).isEmpty();
  }

  @Test
  void badRequestsGetA4xxThatSaysWhy() throws Exception {
    assertThat(post("/v1/alerts/inc-1/delete", "responder-token", "").statusCode()).isEqualTo(404);
    HttpResponse<String> notJson = post("/v1/alerts/inc-1/resolve", "responder-token", "{oops");
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(notJson.body()).contains("not JSON");
    HttpResponse<String> noAssignee = post("/v1/alerts/inc-1/assign", "responder-token", "{}");
    assertThat(noAssignee.statusCode()).isEqualTo(400);
    assertThat(noAssignee.body()).contains("assignee");
    assertThat(post("/v1/alerts/inc-1/resolve", "responder-token", "x".repeat(20_000)).statusCode())
        .isEqualTo(413);
    HttpResponse<String> get =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + api.port() + "/v1/alerts/inc-1/resolve"))
                .header("Authorization", "Bearer responder-token")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(producer.history()).isEmpty();
  }

  @Test
  void aBadBodyIsRefusedWithItsStatusAndTheWordsOfEveryAlertApi() throws Exception {
    HttpResponse<String> notJson = post("/v1/alerts/inc-1/resolve", "responder-token", "{oops");
    HttpResponse<String> notAnObject = post("/v1/alerts/inc-1/resolve", "responder-token", "[1]");
    HttpResponse<String> tooLong =
        post("/v1/alerts/inc-1/resolve", "responder-token", "x".repeat(20_000));

    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(notJson.body()).startsWith("{\"error\":\"body is not JSON: Unexpected character");
    assertThat(notAnObject.statusCode()).isEqualTo(400);
    assertThat(notAnObject.body()).isEqualTo("{\"error\":\"body must be a JSON object\"}");
    assertThat(tooLong.statusCode()).isEqualTo(413);
    assertThat(tooLong.body()).isEqualTo("{\"error\":\"body over 16384 bytes\"}");
    assertThat(producer.history()).isEmpty();
  }

  @Test
  void anAssignmentNamesTheAssignee() throws Exception {
    assertThat(
            post("/v1/alerts/inc-1/assign", "responder-token", "{\"assignee\": \"leo\"}")
                .statusCode())
        .isEqualTo(202);
    assertThat(producer.history().get(0).value().getAssignee()).isEqualTo("leo");
    assertThat(post("/v1/alerts/inc-1/false-positive", "responder-token", "").statusCode())
        .isEqualTo(202);
    assertThat(producer.history().get(1).value().getAction())
        .isEqualTo(AlertActionKind.FALSE_POSITIVE);
  }

  @Test
  void anActionKafkaDoesNotTakeIsAnsweredWith503() throws Exception {
    // A producer whose sends stay pending until failed, as when the broker is away.
    api.close();
    producer =
        new MockProducer<>(
            false, null, new StringSerializer(), topics.alertActions().valueSerde().serializer());
    api =
        AlertActionsApi.start(
            "127.0.0.1",
            0,
            ApiTokens.parse(List.of("responder-token=camille:responder")),
            topics.alertActions(),
            producer,
            states,
            Clock.fixed(NOW, ZoneOffset.UTC));
    Thread failer =
        new Thread(
            () -> {
              while (!producer.errorNext(
                  new org.apache.kafka.common.errors.TimeoutException("away"))) {
                Thread.onSpinWait();
              }
            });
    failer.start();

    assertThat(post("/v1/alerts/inc-1/resolve", "responder-token", "").statusCode()).isEqualTo(503);
    failer.join(5_000);
  }

  private static Alert alert(String id, AlertStatus status, SignalKind kind, Instant updatedAt) {
    return Alert.newBuilder()
        .setId(id)
        .setVersion(2)
        .setStatus(status)
        .setSeverity(Severity.HIGH)
        .setKind(kind)
        .setTitle("t")
        .setSummary("s")
        .setExplanation(
            Explanation.newBuilder()
                .setObserved(1)
                .setExpected(1)
                .setScore(1)
                .setEvidence(Evidence.newBuilder().build())
                .build())
        .setFirstSeen(updatedAt)
        .setLastSeen(updatedAt)
        .setUpdatedAt(updatedAt)
        .build();
  }

  @Test
  void anActionOnAnAlertNeverSeenIsNotFoundAndNothingIsRecorded() throws Exception {
    HttpResponse<String> response =
        post("/v1/alerts/inc-nobody/acknowledge", "responder-token", "");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).contains("no alert inc-nobody");
    assertThat(producer.history()).isEmpty();
  }

  @Test
  void anEndedIncidentRefusesEveryActionButReopen() throws Exception {
    HttpResponse<String> acknowledge =
        post("/v1/alerts/inc-resolved/acknowledge", "responder-token", "");
    HttpResponse<String> assign =
        post("/v1/alerts/inc-wrong/assign", "responder-token", "{\"assignee\": \"leo\"}");
    assertThat(acknowledge.statusCode()).isEqualTo(409);
    assertThat(acknowledge.body()).contains("inc-resolved is resolved; reopen it first");
    assertThat(assign.statusCode()).isEqualTo(409);
    assertThat(assign.body()).contains("false positive");
    assertThat(producer.history()).isEmpty();

    assertThat(post("/v1/alerts/inc-resolved/reopen", "responder-token", "").statusCode())
        .isEqualTo(202);
    assertThat(post("/v1/alerts/inc-wrong/reopen", "responder-token", "").statusCode())
        .isEqualTo(202);
    assertThat(producer.history())
        .extracting(r -> r.value().getAction())
        .containsExactly(AlertActionKind.REOPEN, AlertActionKind.REOPEN);
  }

  @Test
  void anIncidentEndedLongerAgoThanDetectionKeepsItCannotBeReopened() throws Exception {
    HttpResponse<String> response = post("/v1/alerts/inc-long-gone/reopen", "responder-token", "");

    assertThat(response.statusCode()).isEqualTo(409);
    assertThat(response.body()).contains("can no longer be reopened");
    assertThat(producer.history()).isEmpty();
  }

  @Test
  void operationalAlertsEndWithTheirProblemNotByAnAction() throws Exception {
    HttpResponse<String> response =
        post("/v1/alerts/ops-source-silent-1/acknowledge", "responder-token", "");

    assertThat(response.statusCode()).isEqualTo(409);
    assertThat(response.body()).contains("operational alert");
    assertThat(producer.history()).isEmpty();
  }
}
