package io.vigie.alerts.actions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigie.alerts.dispatch.AlertRoute;
import io.vigie.alerts.dispatch.Silence;
import io.vigie.alerts.dispatch.SilenceBook;
import io.vigie.core.http.ApiTokens;
import io.vigie.schema.AlertAction;
import io.vigie.schema.AlertActionKind;
import io.vigie.schema.Severity;
import io.vigie.schema.VigieTopics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The silences API's answers over real HTTP; Kafka is replaced here, the real broker is in the IT.
 */
class SilencesApiTest {

  private static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();
  private final VigieTopics topics = VigieTopics.withPrefix("test.");
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<AlertAction> audit = new CopyOnWriteArrayList<>();
  private final AtomicBoolean kafkaDown = new AtomicBoolean();
  private final SilenceBook book = new SilenceBook();
  private AlertActionsApi api;

  @BeforeEach
  void start() throws Exception {
    SilenceLog log =
        new SilenceLog() {
          @Override
          public void write(Silence silence, AlertAction action) {
            if (kafkaDown.get()) {
              throw new KafkaException("broker away");
            }
            assertThat(Silence.of(action.getSilence())).isEqualTo(silence);
            audit.add(action);
          }

          @Override
          public void close() {}
        };
    api =
        AlertActionsApi.start(
                "127.0.0.1",
                0,
                ApiTokens.parse(
                    List.of("responder-token=camille:responder", "viewer-token=ana:viewer")),
                topics.alertActions(),
                new MockProducer<>(
                    true,
                    null,
                    new StringSerializer(),
                    topics.alertActions().valueSerde().serializer()),
                IncidentStates.fedByHand(),
                Clock.fixed(NOW, ZoneOffset.UTC))
            .serveSilences(book, log, List.of(route("oncall"), route("brand-team")));
  }

  private static AlertRoute route(String name) {
    return new AlertRoute(
        name,
        Severity.MEDIUM,
        Set.of(),
        Set.of(),
        new AlertRoute.Channel(
            AlertRoute.ChannelType.WEBHOOK,
            URI.create("https://example.org/hook"),
            Optional.empty()),
        "en",
        30,
        Optional.empty());
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private HttpResponse<String> send(String method, String path, String token, String body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> create(String body) throws Exception {
    return send("POST", "/v1/silences", "responder-token", body);
  }

  @Test
  void aResponderSilencesAWatchRuleForADurationAndTheSilenceIsAuditedWithWhoAndWhy()
      throws Exception {
    HttpResponse<String> created =
        create(
            "{\"watch_rule\": \"acme\", \"route\": \"oncall\", \"severity\": \"medium\","
                + " \"duration\": \"2h\", \"comment\": \"known outage\"}");

    assertThat(created.statusCode()).isEqualTo(201);
    JsonNode silence = JSON.readTree(created.body());
    String id = silence.get("id").asText();
    assertThat(created.headers().firstValue("Location")).hasValue("/v1/silences/" + id);
    assertThat(silence.get("state").asText()).isEqualTo("active");
    assertThat(silence.get("watch_rule").asText()).isEqualTo("acme");
    assertThat(silence.get("severity").asText()).isEqualTo("MEDIUM");
    assertThat(silence.get("starts_at").asText()).isEqualTo("2026-03-02T12:00:00Z");
    assertThat(silence.get("ends_at").asText()).isEqualTo("2026-03-02T14:00:00Z");
    assertThat(silence.get("created_by").asText()).isEqualTo("camille");
    assertThat(audit).hasSize(1);
    assertThat(audit.get(0).getAction()).isEqualTo(AlertActionKind.SILENCE);
    assertThat(audit.get(0).getAlertId()).isEqualTo("silence:" + id);
    assertThat(audit.get(0).getActor()).isEqualTo("camille");
    assertThat(audit.get(0).getComment()).isEqualTo("known outage");
    assertThat(book.get(id)).isPresent();
  }

  @Test
  void viewersListSilencesWithTheirStateButCannotCreateOrRemoveThem() throws Exception {
    String id =
        JSON.readTree(
                create(
                        "{\"alert_id\": \"inc-1\", \"ends_at\": \"2026-03-02T13:00:00Z\","
                            + " \"comment\": \"handled by phone\"}")
                    .body())
            .get("id")
            .asText();
    create(
        "{\"kind\": \"SPIKE\", \"starts_at\": \"2026-03-03T00:00:00Z\", \"duration\": \"1d\","
            + " \"comment\": \"migration\"}");

    HttpResponse<String> all = send("GET", "/v1/silences", "viewer-token", null);
    HttpResponse<String> pending = send("GET", "/v1/silences?state=pending", "viewer-token", null);
    HttpResponse<String> one = send("GET", "/v1/silences/" + id, "viewer-token", null);

    assertThat(all.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(all.body()).get("silences")).hasSize(2);
    assertThat(JSON.readTree(pending.body()).get("silences")).hasSize(1);
    assertThat(JSON.readTree(pending.body()).get("silences").get(0).get("kind").asText())
        .isEqualTo("SPIKE");
    assertThat(JSON.readTree(one.body()).get("alert_id").asText()).isEqualTo("inc-1");
    assertThat(send("POST", "/v1/silences", "viewer-token", "{\"kind\": \"SPIKE\"}").statusCode())
        .isEqualTo(403);
    assertThat(send("DELETE", "/v1/silences/" + id, "viewer-token", null).statusCode())
        .isEqualTo(403);
    assertThat(send("GET", "/v1/silences", null, null).statusCode()).isEqualTo(401);
    assertThat(send("GET", "/v1/silences", "not-a-token", null).statusCode()).isEqualTo(401);
  }

  @Test
  void removingASilenceEndsItNowIsAuditedAndCannotBeDoneTwice() throws Exception {
    String id =
        JSON.readTree(
                create("{\"watch_rule\": \"acme\", \"duration\": \"1h\", \"comment\": \"noise\"}")
                    .body())
            .get("id")
            .asText();

    HttpResponse<String> removed =
        send("DELETE", "/v1/silences/" + id, "responder-token", "{\"comment\": \"fixed\"}");
    HttpResponse<String> again = send("DELETE", "/v1/silences/" + id, "responder-token", null);
    HttpResponse<String> unknown = send("DELETE", "/v1/silences/nope", "responder-token", null);

    assertThat(removed.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(removed.body());
    assertThat(body.get("state").asText()).isEqualTo("expired");
    assertThat(body.get("ends_at").asText()).isEqualTo(NOW.toString());
    assertThat(body.get("removed_by").asText()).isEqualTo("camille");
    assertThat(audit)
        .extracting(AlertAction::getAction)
        .containsExactly(AlertActionKind.SILENCE, AlertActionKind.UNSILENCE);
    assertThat(audit.get(1).getComment()).isEqualTo("fixed");
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.body()).contains("already ended");
    assertThat(unknown.statusCode()).isEqualTo(404);
  }

  @Test
  void badSilencesAreRefusedWithAMessageSayingWhatIsWrong() throws Exception {
    record Case(String body, String message) {}
    List<Case> cases =
        List.of(
            new Case("{\"duration\": \"1h\", \"comment\": \"x\"}", "at least one of watch_rule"),
            new Case(
                "{\"watch_rules\": \"acme\", \"duration\": \"1h\", \"comment\": \"x\"}",
                "unknown field \\\"watch_rules\\\""),
            new Case("{\"watch_rule\": \"acme\", \"comment\": \"x\"}", "either"),
            new Case(
                "{\"watch_rule\": \"acme\", \"duration\": \"1h\", \"ends_at\": \"2026-03-03T00:00:00Z\","
                    + " \"comment\": \"x\"}",
                "either"),
            new Case(
                "{\"watch_rule\": \"acme\", \"duration\": \"soon\", \"comment\": \"x\"}", "soon"),
            new Case(
                "{\"watch_rule\": \"acme\", \"ends_at\": \"2026-03-01T00:00:00Z\", \"comment\": \"x\"}",
                "must end after"),
            new Case(
                "{\"watch_rule\": \"acme\", \"ends_at\": \"tomorrow\", \"comment\": \"x\"}",
                "ends_at"),
            new Case("{\"watch_rule\": \"acme\", \"duration\": \"1h\"}", "comment"),
            new Case(
                "{\"route\": \"pager\", \"duration\": \"1h\", \"comment\": \"x\"}",
                "no route pager; routes: [oncall, brand-team]"),
            new Case("{\"kind\": \"RUMOUR\", \"duration\": \"1h\", \"comment\": \"x\"}", "kind"),
            new Case(
                "{\"severity\": \"UNKNOWN\", \"duration\": \"1h\", \"comment\": \"x\"}",
                "one of [INFO, LOW, MEDIUM, HIGH, CRITICAL]"),
            new Case("[1]", "JSON object"),
            new Case("{", "not JSON"));
    for (Case c : cases) {
      HttpResponse<String> answer = create(c.body());
      assertThat(answer.statusCode()).as(c.body()).isEqualTo(400);
      assertThat(answer.body()).as(c.body()).contains(c.message());
    }
    assertThat(audit).isEmpty();
    assertThat(book.all()).isEmpty();
  }

  @Test
  void aBadBodyIsRefusedWithItsStatusAndTheWordsOfEveryAlertApi() throws Exception {
    HttpResponse<String> notJson = create("{oops");
    HttpResponse<String> notAnObject = create("[1]");
    HttpResponse<String> tooLong = create("x".repeat(20_000));

    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(notJson.body()).startsWith("{\"error\":\"body is not JSON: Unexpected character");
    assertThat(notAnObject.statusCode()).isEqualTo(400);
    assertThat(notAnObject.body()).isEqualTo("{\"error\":\"body must be a JSON object\"}");
    assertThat(tooLong.statusCode()).isEqualTo(413);
    assertThat(tooLong.body()).isEqualTo("{\"error\":\"body over 16384 bytes\"}");
    assertThat(audit).isEmpty();
  }

  @Test
  void aSilenceKafkaDidNotTakeIsNotInForceAndTheCallerIsToldToRetry() throws Exception {
    kafkaDown.set(true);

    HttpResponse<String> answer =
        create("{\"watch_rule\": \"acme\", \"duration\": \"1h\", \"comment\": \"x\"}");

    assertThat(answer.statusCode()).isEqualTo(503);
    assertThat(book.all()).isEmpty();
  }

  @Test
  void otherPathsAndMethodsAreRefused() throws Exception {
    assertThat(send("PUT", "/v1/silences", "responder-token", "{}").statusCode()).isEqualTo(405);
    assertThat(send("GET", "/v1/silences/a/b", "responder-token", null).statusCode())
        .isEqualTo(404);
    assertThat(send("GET", "/v1/silences?state=gone", "viewer-token", null).statusCode())
        .isEqualTo(400);
  }
}
