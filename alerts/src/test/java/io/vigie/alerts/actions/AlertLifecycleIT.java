package io.vigie.alerts.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import io.vigie.alerts.dispatch.AlertRoute;
import io.vigie.core.http.ApiTokens;
import io.vigie.core.json.AvroDocuments;
import io.vigie.indexer.IndexerProcess;
import io.vigie.indexer.elasticsearch.ElasticsearchClients;
import io.vigie.indexer.testing.IsolatedIndexer;
import io.vigie.localstack.LocalStack;
import io.vigie.schema.Alert;
import io.vigie.schema.AlertAction;
import io.vigie.schema.AlertStatus;
import io.vigie.schema.Severity;
import io.vigie.testkit.RealServers;
import io.vigie.testkit.SampleFindings;
import io.vigie.testkit.TestTopics;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The alert API on the real broker, with the indexer on the real Elasticsearch: an action taken
 * over HTTP lands on the alert-actions topic and in the audit-trail index with who and when; an
 * action on an alert the alerts topic does not hold, or on one that ended, is refused.
 */
@ExtendWith(RealServers.class)
class AlertLifecycleIT {

  @Test
  void anActionTakenOverHttpIsAuditedWithWhoAndWhen(LocalStack stack) throws Exception {
    IsolatedIndexer deployment = IsolatedIndexer.on(stack, "lc");
    deployment.setup();
    var topic = deployment.topics().alertActions();
    HttpClient http = HttpClient.newHttpClient();
    ElasticsearchClient elasticsearch = ElasticsearchClients.create(deployment.elasticsearch());
    try (KafkaProducer<String, AlertAction> producer =
            new KafkaProducer<>(
                deployment.kafka(),
                topic.keySerde().serializer(),
                topic.valueSerde().serializer());
        AlertActionsApi api =
            AlertActionsApi.start(
                "127.0.0.1",
                0,
                ApiTokens.parse(List.of("responder-token=camille:responder")),
                topic,
                producer,
                openIncident("inc-42"),
                Clock.systemUTC());
        IndexerProcess indexer = deployment.start()) {
      URI url = URI.create("http://127.0.0.1:" + api.port() + "/v1/alerts/inc-42/assign");
      HttpResponse<String> refused =
          http.send(
              HttpRequest.newBuilder(url)
                  .header("Authorization", "Bearer not-a-token")
                  .POST(HttpRequest.BodyPublishers.ofString("{\"assignee\": \"leo\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> accepted =
          http.send(
              HttpRequest.newBuilder(url)
                  .header("Authorization", "Bearer responder-token")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"assignee\": \"leo\", \"comment\": \"yours tonight\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(refused.statusCode()).isEqualTo(401);
      assertThat(accepted.statusCode()).isEqualTo(202);
      String pattern = deployment.indexPrefix() + "alert-actions-*";
      await()
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .untilAsserted(
              () -> {
                elasticsearch.indices().refresh(r -> r.index(pattern));
                var hits =
                    elasticsearch
                        .search(
                            s ->
                                s.index(pattern)
                                    .query(q -> q.term(t -> t.field("alert_id").value("inc-42"))),
                            JsonNode.class)
                        .hits()
                        .hits();
                assertThat(hits).hasSize(1);
                JsonNode audit = hits.get(0).source();
                assertThat(audit.get("actor").asText()).isEqualTo("camille");
                assertThat(audit.get("action").asText()).isEqualTo("ASSIGN");
                assertThat(audit.get("assignee").asText()).isEqualTo("leo");
                assertThat(audit.get("comment").asText()).isEqualTo("yours tonight");
                assertThat(audit.has("acted_at")).isTrue();
              });
      assertThat(indexer.indexer().deadLettered()).isZero();
    } finally {
      elasticsearch._transport().close();
    }
  }

  @Test
  void viewersFollowTheCurrentAlertsOfAWatchRuleOrARouteInAnAtomFeed(LocalStack stack)
      throws Exception {
    IsolatedIndexer deployment = IsolatedIndexer.on(stack, "fd");
    deployment.setup();
    ElasticsearchClient elasticsearch = ElasticsearchClients.create(deployment.elasticsearch());
    var now = Instant.now();
    var open =
        Alert.newBuilder(SampleFindings.alert())
            .setId("open-1")
            .setStatus(AlertStatus.OPEN)
            .setUpdatedAt(now)
            .build();
    var otherRule =
        Alert.newBuilder(open).setId("other-1").setWatchRuleIds(List.of("acme")).build();
    var minor = Alert.newBuilder(open).setId("minor-1").setSeverity(Severity.LOW).build();
    var longResolved =
        Alert.newBuilder(open)
            .setId("old-1")
            .setStatus(AlertStatus.RESOLVED)
            .setUpdatedAt(now.minus(Duration.ofDays(3)))
            .build();
    String index = deployment.indexPrefix() + "alerts-2013.04";
    for (var alert : List.of(open, otherRule, minor, longResolved)) {
      byte[] json = AvroDocuments.toJson(alert);
      elasticsearch.index(
          r -> r.index(index).id(alert.getId()).withJson(new ByteArrayInputStream(json)));
    }
    elasticsearch.indices().refresh(r -> r.index(index));
    var topic = deployment.topics().alertActions();
    HttpClient http = HttpClient.newHttpClient();
    try (KafkaProducer<String, AlertAction> producer =
            new KafkaProducer<>(
                deployment.kafka(),
                topic.keySerde().serializer(),
                topic.valueSerde().serializer());
        AlertActionsApi api =
            AlertActionsApi.start(
                    "127.0.0.1",
                    0,
                    ApiTokens.parse(List.of("viewer-token=ana:viewer")),
                    topic,
                    producer,
                    IncidentStates.fedByHand(),
                    Clock.systemUTC())
                .serveFeeds(
                    new CurrentAlerts(elasticsearch, deployment.indexPrefix()),
                    List.of(
                        route("oncall", Severity.HIGH, Set.of()),
                        route("brand", Severity.LOW, Set.of("acme"))))) {
      String base = "http://127.0.0.1:" + api.port() + "/v1/feeds/";
      HttpResponse<String> feed = get(http, base + "rules/boston.atom?token=viewer-token", null);
      HttpResponse<String> all = get(http, base + "alerts.atom", "Bearer viewer-token");
      HttpResponse<String> oncall = get(http, base + "routes/oncall.atom?token=viewer-token", null);
      HttpResponse<String> brand = get(http, base + "routes/brand.atom?token=viewer-token", null);
      HttpResponse<String> unknownRoute =
          get(http, base + "routes/nobody.atom?token=viewer-token", null);
      HttpResponse<String> anonymous = get(http, base + "alerts.atom", null);

      assertThat(feed.statusCode()).isEqualTo(200);
      assertThat(feed.headers().firstValue("Content-Type"))
          .hasValue("application/atom+xml; charset=utf-8");
      assertThat(feed.body())
          .contains("urn:vigie:alert:open-1")
          .doesNotContain("other-1")
          .doesNotContain("old-1");
      assertThat(all.body())
          .contains("urn:vigie:alert:open-1")
          .contains("urn:vigie:alert:other-1")
          .contains("urn:vigie:alert:minor-1")
          .doesNotContain("old-1");
      assertThat(oncall.body()) // HIGH and up, any rule
          .contains("urn:vigie:alert:open-1")
          .contains("urn:vigie:alert:other-1")
          .doesNotContain("minor-1")
          .doesNotContain("old-1");
      assertThat(brand.body()) // its own watch rule only
          .contains("urn:vigie:alert:other-1")
          .doesNotContain("open-1")
          .doesNotContain("minor-1");
      assertThat(unknownRoute.statusCode()).isEqualTo(404);
      assertThat(anonymous.statusCode()).isEqualTo(401);
    } finally {
      elasticsearch._transport().close();
    }
  }

  @Test
  void actionsDetectionWouldIgnoreAreRefusedFromTheIncidentsStateOnTheAlertsTopic(LocalStack stack)
      throws Exception {
    IsolatedIndexer deployment = IsolatedIndexer.on(stack, "st");
    deployment.setup();
    var alerts = deployment.topics().alerts();
    var actions = deployment.topics().alertActions();
    Alert open =
        Alert.newBuilder(SampleFindings.alert())
            .setId("inc-open")
            .setStatus(AlertStatus.OPEN)
            .setUpdatedAt(Instant.now())
            .build();
    Alert resolved =
        Alert.newBuilder(open).setId("inc-ended").setStatus(AlertStatus.RESOLVED).build();
    HttpClient http = HttpClient.newHttpClient();
    try (KafkaProducer<String, Alert> detection =
            new KafkaProducer<>(
                deployment.kafka(),
                alerts.keySerde().serializer(),
                alerts.valueSerde().serializer());
        KafkaProducer<String, AlertAction> producer =
            new KafkaProducer<>(
                deployment.kafka(),
                actions.keySerde().serializer(),
                actions.valueSerde().serializer())) {
      detection.send(new ProducerRecord<>(alerts.name(), open.getId(), open)).get();
      detection.send(new ProducerRecord<>(alerts.name(), resolved.getId(), resolved)).get();
      try (IncidentStates states = IncidentStates.follow(deployment.kafka(), alerts);
          AlertActionsApi api =
              AlertActionsApi.start(
                  "127.0.0.1",
                  0,
                  ApiTokens.parse(List.of("responder-token=camille:responder")),
                  actions,
                  producer,
                  states,
                  Clock.systemUTC())) {
        String base = "http://127.0.0.1:" + api.port() + "/v1/alerts/";
        await().atMost(Duration.ofSeconds(60)).until(states::ready);

        assertThat(act(http, base + "inc-nobody/acknowledge").statusCode()).isEqualTo(404);
        assertThat(act(http, base + "inc-ended/acknowledge").statusCode()).isEqualTo(409);
        assertThat(act(http, base + "inc-ended/reopen").statusCode()).isEqualTo(202);
        assertThat(act(http, base + "inc-open/acknowledge").statusCode()).isEqualTo(202);

        // Detection resolves it: the API follows the topic and refuses from then on.
        Alert resolvedLater =
            Alert.newBuilder(open)
                .setVersion(open.getVersion() + 1)
                .setStatus(AlertStatus.RESOLVED)
                .build();
        detection.send(new ProducerRecord<>(alerts.name(), open.getId(), resolvedLater)).get();
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> act(http, base + "inc-open/resolve").statusCode() == 409);

        List<ConsumerRecord<String, AlertAction>> recorded =
            TestTopics.readAtLeast(
                deployment.bootstrapServers(),
                actions.name(),
                actions.valueSerde().deserializer(),
                2,
                Duration.ofSeconds(30));
        // Keyed by incident, the two actions may sit on different partitions: no order between
        // them.
        assertThat(recorded)
            .extracting(r -> r.key() + " " + r.value().getAction())
            .containsExactlyInAnyOrder("inc-ended REOPEN", "inc-open ACKNOWLEDGE");
      }
    }
  }

  private static HttpResponse<String> act(HttpClient http, String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Authorization", "Bearer responder-token")
            .POST(HttpRequest.BodyPublishers.ofString(""))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A state table that knows one open incident, for tests about something else. */
  private static IncidentStates openIncident(String id) {
    IncidentStates states = IncidentStates.fedByHand();
    states.record(
        Alert.newBuilder(SampleFindings.alert())
            .setId(id)
            .setStatus(AlertStatus.OPEN)
            .setUpdatedAt(Instant.now())
            .build());
    return states;
  }

  private static HttpResponse<String> get(HttpClient http, String url, String authorization)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static AlertRoute route(String name, Severity minSeverity, Set<String> watchRules) {
    return new AlertRoute(
        name,
        minSeverity,
        Set.of(),
        watchRules,
        new AlertRoute.Channel(
            AlertRoute.ChannelType.WEBHOOK,
            URI.create("http://127.0.0.1:9/hook"),
            Optional.empty()),
        "en",
        30,
        Optional.empty());
  }
}
