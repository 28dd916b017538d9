package io.vigie.ops.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.util.BinaryData;
import co.elastic.clients.util.ContentType;
import io.vigie.ops.Connections;
import io.vigie.ops.Pipeline;
import io.vigie.ops.alerts.AlertFeed;
import io.vigie.ops.config.VigieConfig;
import io.vigie.ops.metrics.Health;
import io.vigie.ops.stack.LocalStack;
import io.vigie.ops.testing.HeadlessChromium;
import io.vigie.ops.testing.RealServers;
import io.vigie.ops.testing.SampleFindings;
import io.vigie.schema.Alert;
import io.vigie.schema.AlertStatus;
import io.vigie.schema.EnrichedPost;
import io.vigie.schema.Post;
import io.vigie.schema.SamplePost;
import io.vigie.schema.SignalKind;
import io.vigie.streams.actions.ApiTokens;
import io.vigie.streams.elasticsearch.ElasticsearchClients;
import io.vigie.streams.index.IndexNames;
import io.vigie.streams.index.PostDocuments;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console in a real headless Chromium, over a real broker and Elasticsearch: the page shows the
 * incidents on the alerts topic, a watch rule's volume with its expected band and the burst's
 * episode, the pipeline's health, and a new incident as soon as it is published (the event stream),
 * with hostile post text shown as text. Without its token the API answers 401.
 */
@ExtendWith(RealServers.class)
class ConsoleIT {

  private final VigieConfig config = RealServers.config();
  @TempDir Path stateDir;

  @Test
  void showsLiveIncidentsVolumeWithItsBandAndHealthInARealBrowser(LocalStack stack)
      throws Exception {
    Connections connections = Connections.of(config, Optional.of(stack));
    Pipeline.Naming naming =
        Pipeline.Naming.from(config)
            .isolated("cs" + UUID.randomUUID().toString().substring(0, 8), stateDir);
    Pipeline.setup(connections, config, naming, 0);
    ElasticsearchClient elasticsearch = ElasticsearchClients.create(connections.elasticsearch());
    indexRuleVolume(elasticsearch, naming.indexPrefix());
    var alerts = naming.topics().alerts();
    IncidentBoard board = new IncidentBoard();
    Health health =
        new Health()
            .add(Health.Kind.READINESS, () -> Health.Check.up("streams-running", "state RUNNING"));
    try (KafkaProducer<String, Alert> producer =
            new KafkaProducer<>(
                connections.kafka(),
                alerts.keySerde().serializer(),
                alerts.valueSerde().serializer());
        AlertFeed feed = AlertFeed.start(connections.kafka(), alerts, board::accept);
        ConsoleServer console =
            ConsoleServer.start(
                "127.0.0.1",
                0,
                board,
                elasticsearch,
                naming.indexPrefix(),
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
                    .contains("pipeline healthy")
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
      Path shot = Path.of("target", "console.png");
      browser.screenshot(shot);
      assertThat(Files.size(shot)).isPositive();
      if (System.getProperty("vigie.docs.screenshot") != null) {
        Files.copy(
            shot,
            Path.of("..", "docs", "images", "console.png"),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      elasticsearch._transport().close();
    }
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
    var response =
        client.bulk(bulk.refresh(co.elastic.clients.elasticsearch._types.Refresh.True).build());
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
