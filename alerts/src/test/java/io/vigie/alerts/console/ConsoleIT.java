package io.vigie.alerts.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.util.BinaryData;
import co.elastic.clients.util.ContentType;
import io.vigie.alerts.AlertFeed;
import io.vigie.alerts.actions.AlertActionsApi;
import io.vigie.alerts.actions.IncidentStates;
import io.vigie.core.health.Health;
import io.vigie.core.http.ApiTokens;
import io.vigie.indexer.IndexNames;
import io.vigie.indexer.IndexerProcess;
import io.vigie.indexer.PostDocuments;
import io.vigie.indexer.elasticsearch.ElasticsearchClients;
import io.vigie.indexer.testing.IsolatedIndexer;
import io.vigie.localstack.LocalStack;
import io.vigie.schema.Alert;
import io.vigie.schema.AlertAction;
import io.vigie.schema.AlertActionKind;
import io.vigie.schema.AlertStatus;
import io.vigie.schema.EnrichedPost;
import io.vigie.schema.Evidence;
import io.vigie.schema.Explanation;
import io.vigie.schema.IncidentSplit;
import io.vigie.schema.Post;
import io.vigie.schema.SamplePost;
import io.vigie.schema.SignalKind;
import io.vigie.testkit.HeadlessChromium;
import io.vigie.testkit.RealServers;
import io.vigie.testkit.SampleFindings;
import io.vigie.testkit.TestTopics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The console in a real headless Chromium, over a real broker and Elasticsearch: the page shows the
 * incidents on the alerts topic, a watch rule's volume with its expected band and the burst's
 * episode, the pipeline's health, and a new incident as soon as it is published (the event stream),
 * with hostile post text shown as text. Without its token the API answers 401.
 */
@ExtendWith(RealServers.class)
class ConsoleIT {

  @Test
  void showsLiveIncidentsVolumeWithItsBandAndHealthInARealBrowser(LocalStack stack)
      throws Exception {
    IsolatedIndexer deployment = IsolatedIndexer.on(stack, "cs");
    deployment.setup();
    ElasticsearchClient elasticsearch = ElasticsearchClients.create(deployment.elasticsearch());
    indexRuleVolume(elasticsearch, deployment.indexPrefix());
    var alerts = deployment.topics().alerts();
    IncidentBoard board = new IncidentBoard();
    Health health =
        new Health()
            .add(Health.Kind.READINESS, () -> Health.Check.up("streams-running", "state RUNNING"));
    try (KafkaProducer<String, Alert> producer =
            new KafkaProducer<>(
                deployment.kafka(),
                alerts.keySerde().serializer(),
                alerts.valueSerde().serializer());
        AlertFeed feed = AlertFeed.start(deployment.kafka(), alerts, board::accept);
        ConsoleServer console =
            ConsoleServer.start(
                "127.0.0.1",
                0,
                board,
                elasticsearch,
                deployment.indexPrefix(),
                Optional.empty(),
                ApiTokens.parse(List.of("viewer-token=ana:viewer")),
                health,
                Clock.systemUTC());
        HeadlessChromium browser = HeadlessChromium.start()) {
      Alert spike =
          Alert.newBuilder(SampleFindings.alert())
              .setId("inc-console-1")
              .setVersion(1)
              .setStatus(AlertStatus.OPEN)
              .setTitle("Volume spike: watch rule acme")
              .setWatchRuleIds(List.of("acme"))
              .setSamplePosts(
                  List.of(
                      SamplePost.newBuilder(SampleFindings.alert().getSamplePosts().get(0))
                          .setTextExcerpt(
                              "Rude clerk at Acme <img src=x onerror=alert(1)> #boycott")
                          .build()))
              .setUpdatedAt(Instant.now())
              .build();
      producer.send(new ProducerRecord<>(alerts.name(), spike.getId(), spike)).get();
      String base = "http://127.0.0.1:" + console.port();

      HttpResponse<String> anonymous =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(base + "/api/incidents")).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(anonymous.statusCode()).isEqualTo(401);

      browser.open(base + "/?token=viewer-token");
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(250))
          .untilAsserted(
              () -> {
                assertThat(browser.text())
                    .contains("Volume spike: watch rule acme")
                    .contains("Rude clerk at Acme <img src=x onerror=alert(1)> #boycott")
                    .contains("healthy")
                    .contains("live");
                assertThat(
                        browser
                            .script("return document.querySelectorAll('#incidents img').length;")
                            .asInt())
                    .as("post text stays text")
                    .isZero();
                assertThat(
                        browser.script("return document.getElementById('subject').value;").asText())
                    .isEqualTo("rule:acme");
                assertThat(
                        browser
                            .script(
                                "return Number(document.getElementById('volume').dataset.points || 0);")
                            .asInt())
                    .isGreaterThan(100);
                assertThat(
                        browser
                            .script("return document.querySelectorAll('#volume .band').length;")
                            .asInt())
                    .isEqualTo(1);
                assertThat(
                        browser
                            .script(
                                "return document.querySelectorAll('#volume rect.episode').length;")
                            .asInt())
                    .as("the burst is marked as an episode")
                    .isPositive();
              });

      Alert emerging =
          Alert.newBuilder(spike)
              .setId("inc-console-2")
              .setKind(SignalKind.WEAK_SIGNAL)
              .setTitle("Emerging: 'boycott'")
              .setUpdatedAt(Instant.now())
              .build();
      producer.send(new ProducerRecord<>(alerts.name(), emerging.getId(), emerging)).get();

      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(250))
          .untilAsserted(
              () ->
                  assertThat(
                          browser
                              .script("return document.getElementById('weak-signals').innerText;")
                              .asText())
                      .as("arrived through the event stream, without a reload")
                      .contains("Emerging: 'boycott'"));
    } finally {
      elasticsearch._transport().close();
    }
  }

  /**
   * A responder signs in with a token and acts through the page: acknowledge, assign (and a refused
   * assign without an assignee, its message shown), resolve, and false positive on another
   * incident. Each action goes through the real alert API onto the alert-actions topic in the
   * responder's name; the page shows the split, then the history from Elasticsearch (through the
   * real indexer), and the incident's next version live. Writes without a bearer header, with the
   * token only in the query, or from a viewer are refused.
   */
  @Test
  void aResponderAcknowledgesAssignsResolvesAndMarksAFalsePositiveFromTheConsole(LocalStack stack)
      throws Exception {
    IsolatedIndexer deployment = IsolatedIndexer.on(stack, "ca");
    deployment.setup();
    ElasticsearchClient elasticsearch = ElasticsearchClients.create(deployment.elasticsearch());
    indexRuleVolume(elasticsearch, deployment.indexPrefix());
    var alerts = deployment.topics().alerts();
    var actions = deployment.topics().alertActions();
    ApiTokens tokens =
        ApiTokens.parse(List.of("responder-token=camille:responder", "viewer-token=ana:viewer"));
    IncidentBoard board = new IncidentBoard();
    Health health =
        new Health().add(Health.Kind.READINESS, () -> Health.Check.up("alert-feed", "following"));
    try (KafkaProducer<String, Alert> producer =
            new KafkaProducer<>(
                deployment.kafka(),
                alerts.keySerde().serializer(),
                alerts.valueSerde().serializer());
        KafkaProducer<String, AlertAction> actionProducer =
            new KafkaProducer<>(
                deployment.kafka(),
                actions.keySerde().serializer(),
                actions.valueSerde().serializer());
        // The API learns each incident's state from the alerts topic, as `vigie alerts` does.
        IncidentStates states = IncidentStates.follow(deployment.kafka(), alerts);
        AlertActionsApi api =
            AlertActionsApi.start(
                "127.0.0.1", 0, tokens, actions, actionProducer, states, Clock.systemUTC());
        IndexerProcess indexer = deployment.start();
        AlertFeed feed = AlertFeed.start(deployment.kafka(), alerts, board::accept);
        ConsoleServer console =
            ConsoleServer.start(
                "127.0.0.1",
                0,
                board,
                elasticsearch,
                deployment.indexPrefix(),
                Optional.of(URI.create("http://127.0.0.1:" + api.port())),
                tokens,
                health,
                Clock.systemUTC());
        HeadlessChromium browser = HeadlessChromium.start()) {
      Instant now = Instant.now();
      Map<String, String> details = new HashMap<>();
      // The whole incident's split, and the main signal's own figures, which the console must not
      // show as the incident's.
      details.put(IncidentSplit.POSTS, "40");
      details.put(IncidentSplit.ORGANIC, "30");
      details.put(IncidentSplit.COORDINATED, "10");
      details.put(IncidentSplit.SHARE, "0.25");
      details.put("posts", "12");
      details.put("organic_posts", "12");
      details.put("coordinated_posts", "0");
      Alert boycott =
          Alert.newBuilder(SampleFindings.alert())
              .setId("inc-act-1")
              .setVersion(1)
              .setStatus(AlertStatus.OPEN)
              .setAssignee(null)
              .setLastActionBy(null)
              .setTitle("Coordinated posting: #boycott")
              .setWatchRuleIds(List.of("acme"))
              .setExplanation(
                  Explanation.newBuilder(SampleFindings.alert().getExplanation())
                      .setEvidence(
                          Evidence.newBuilder(SampleFindings.evidence())
                              .setDetails(details)
                              .build())
                      .build())
              .setUpdatedAt(now)
              .build();
      Alert rumour =
          Alert.newBuilder(boycott)
              .setId("inc-act-2")
              .setTitle("Volume spike: store closing rumour")
              .setUpdatedAt(now.plusMillis(1))
              .build();
      for (Alert alert : List.of(boycott, rumour)) {
        producer.send(new ProducerRecord<>(alerts.name(), alert.getId(), alert)).get();
      }
      String base = "http://127.0.0.1:" + console.port();
      HttpClient http = HttpClient.newHttpClient();
      URI acknowledge = URI.create(base + "/api/alerts/inc-act-1/acknowledge");
      assertThat(post(http, acknowledge, null).statusCode()).as("no token").isEqualTo(401);
      assertThat(post(http, URI.create(acknowledge + "?token=responder-token"), null).statusCode())
          .as("a token in the query does not act: a link cannot")
          .isEqualTo(401);
      assertThat(post(http, acknowledge, "viewer-token").statusCode())
          .as("a viewer reads only")
          .isEqualTo(403);

      browser.open(base + "/");
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(250))
          .untilAsserted(
              () ->
                  assertThat(
                          browser
                              .script("return document.getElementById('login').hidden;")
                              .asBoolean())
                      .as("without a token the page asks for one")
                      .isFalse());
      browser.script(
          "document.getElementById('token').value = 'responder-token';"
              + " document.getElementById('login').requestSubmit();");
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(250))
          .untilAsserted(
              () ->
                  assertThat(browser.text())
                      .contains("camille (responder)")
                      .contains("Coordinated posting: #boycott")
                      .contains("Volume spike: store closing rumour")
                      .contains("posts 40 · organic 30 · coordinated 10 (25%)")
                      .contains("unassigned"));

      choose(browser, "inc-act-1");
      act(browser, "acknowledge", "Recorded: acknowledge by camille");
      browser.script("document.getElementById('assignee').value = '';");
      act(browser, "assign", "Refused (400): assign needs an \"assignee\"");
      browser.script("document.getElementById('assignee').value = 'leo';");
      browser.script("document.getElementById('comment').value = 'yours tonight';");
      act(browser, "assign", "Recorded: assign by camille");
      act(browser, "resolve", "Recorded: resolve by camille");
      choose(browser, "inc-act-2");
      act(browser, "false-positive", "Recorded: false positive by camille");

      List<AlertAction> recorded =
          TestTopics.readAtLeast(
                  stack.bootstrapServers().orElseThrow(),
                  actions.name(),
                  actions.valueSerde().deserializer(),
                  4,
                  Duration.ofSeconds(60))
              .stream()
              .map(ConsumerRecord::value)
              .toList();
      assertThat(recorded)
          .extracting(
              AlertAction::getAlertId,
              AlertAction::getAction,
              AlertAction::getActor,
              AlertAction::getAssignee)
          .as("in order for each incident (its key's partition); the two incidents' apart")
          .containsExactlyInAnyOrder(
              tuple("inc-act-1", AlertActionKind.ACKNOWLEDGE, "camille", null),
              tuple("inc-act-1", AlertActionKind.ASSIGN, "camille", "leo"),
              tuple("inc-act-1", AlertActionKind.RESOLVE, "camille", null),
              tuple("inc-act-2", AlertActionKind.FALSE_POSITIVE, "camille", null));
      List<AlertAction> first =
          recorded.stream().filter(a -> a.getAlertId().equals("inc-act-1")).toList();
      assertThat(first)
          .extracting(AlertAction::getAction)
          .containsExactly(
              AlertActionKind.ACKNOWLEDGE, AlertActionKind.ASSIGN, AlertActionKind.RESOLVE);
      assertThat(first.get(1).getComment()).isEqualTo("yours tonight");

      // The incident's next version, as the detection topology folds these actions into it
      // (DetectionIT checks that on the real topology): the page shows its state and assignee.
      Alert resolved =
          Alert.newBuilder(boycott)
              .setVersion(2)
              .setStatus(AlertStatus.RESOLVED)
              .setAssignee("leo")
              .setLastActionBy("camille")
              .setUpdatedAt(Instant.now())
              .build();
      Alert rejected =
          Alert.newBuilder(rumour)
              .setVersion(2)
              .setStatus(AlertStatus.FALSE_POSITIVE)
              .setLastActionBy("camille")
              .setUpdatedAt(Instant.now())
              .build();
      for (Alert next : List.of(rejected, resolved)) {
        producer.send(new ProducerRecord<>(alerts.name(), next.getId(), next)).get();
      }
      choose(browser, "inc-act-1");
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .untilAsserted(
              () -> {
                String detail =
                    browser
                        .script("return document.getElementById('detail-panel').innerText;")
                        .asText();
                assertThat(detail)
                    .contains("resolved")
                    .contains("leo")
                    .contains("acknowledge by camille")
                    .contains("assign by camille → leo")
                    .contains("yours tonight")
                    .contains("resolve by camille");
                assertThat(
                        browser
                            .script(
                                "return document.querySelector('#incidents [data-id=\"inc-act-2\"]').innerText;")
                            .asText())
                    .contains("false positive");
              });
      assertThat(indexer.indexer().deadLettered()).isZero();
      Path shot = Path.of("target", "console.png");
      browser.screenshot(shot);
      assertThat(Files.size(shot)).isPositive();
      if (System.getProperty("vigie.docs.screenshot") != null) {
        Files.copy(
            shot,
            Path.of("..", "docs", "images", "console.png"),
            StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      elasticsearch._transport().close();
    }
  }

  /** Opens an incident's detail by clicking its card, and waits for it. */
  private static void choose(HeadlessChromium browser, String id) throws Exception {
    browser.script("document.querySelector('#incidents [data-id=\"" + id + "\"]').click();");
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(
            () ->
                assertThat(
                        browser
                            .script(
                                "return document.getElementById('detail-facts').innerText + ' '"
                                    + " + document.getElementById('actions').hidden;")
                            .asText())
                    .contains(id)
                    .endsWith("false"));
  }

  /** Clicks an action's button and waits for the page to say what became of it. */
  private static void act(HeadlessChromium browser, String action, String outcome)
      throws Exception {
    browser.script(
        "document.querySelector('#actions button[data-action=\"" + action + "\"]').click();");
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(
            () ->
                assertThat(
                        browser
                            .script("return document.getElementById('action-message').innerText;")
                            .asText())
                    .contains(outcome));
  }

  private static HttpResponse<String> post(HttpClient http, URI uri, String token)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString("{}"));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Three hours of a watch rule's posts, one a minute, then sixty in three minutes. */
  private static void indexRuleVolume(ElasticsearchClient client, String prefix) throws Exception {
    IndexNames names = new IndexNames(prefix);
    Instant end = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    Instant start = end.minus(Duration.ofHours(3));
    BulkRequest.Builder bulk = new BulkRequest.Builder();
    int n = 0;
    for (Instant at = start;
        at.isBefore(end.minus(Duration.ofMinutes(5)));
        at = at.plusSeconds(60)) {
      add(bulk, names, at, n++);
    }
    for (int i = 0; i < 60; i++) {
      add(bulk, names, end.minus(Duration.ofMinutes(4)).plusSeconds(3L * i), n++);
    }
    var response = client.bulk(bulk.refresh(Refresh.True).build());
    assertThat(response.errors()).isFalse();
  }

  private static void add(BulkRequest.Builder bulk, IndexNames names, Instant at, int n) {
    String key = "test:" + n;
    Post post =
        Post.newBuilder()
            .setSource("test")
            .setId(Integer.toString(n))
            .setText("acme post " + n)
            .setCreatedAt(at)
            .setIngestedAt(at)
            .build();
    EnrichedPost enriched =
        EnrichedPost.newBuilder()
            .setPost(post)
            .setEnrichedAt(at)
            .setWatchRuleIds(List.of("acme"))
            .build();
    BinaryData document =
        BinaryData.of(PostDocuments.toJson(key, enriched), ContentType.APPLICATION_JSON);
    bulk.operations(o -> o.index(i -> i.index(names.posts(at)).id(key).document(document)));
  }
}
