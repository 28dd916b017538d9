package io.vigie.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Metrics;
import io.vigie.core.health.Health;
import io.vigie.ingest.publish.IngestMetrics;
import io.vigie.ingest.publish.PostPublisher;
import io.vigie.schema.Post;
import io.vigie.schema.VigieTopics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class MetricsEndpointTest {

  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesWhatEveryComponentCountsInPrometheusFormatTaggedWithTheProcess() throws Exception {
    VigieTopics topics = VigieTopics.withPrefix("t.");
    try (MetricsEndpoint endpoint = MetricsEndpoint.start("ingest-feeds", "127.0.0.1", 0)) {
      PostPublisher publisher =
          new PostPublisher(
              topics.rawPosts(),
              new MockProducer<>(
                  true, null, new StringSerializer(), topics.rawPosts().valueSerde().serializer()),
              new IngestMetrics(Metrics.globalRegistry));
      Instant now = Instant.parse("2026-11-22T10:00:00Z");
      publisher.publish(
          Post.newBuilder()
              .setSource("rss")
              .setId("1")
              .setText("hello")
              .setCreatedAt(now)
              .setIngestedAt(now)
              .build());

      HttpResponse<String> metrics = get(endpoint.port().orElseThrow(), "/metrics");

      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.headers().firstValue("Content-Type"))
          .get()
          .asString()
          .startsWith("text/plain");
      assertThat(metrics.body())
          .contains(
              "vigie_ingest_posts_published_total{process=\"ingest-feeds\",source=\"rss\"} 1.0")
          .contains("jvm_memory_used_bytes");
      assertThat(get(endpoint.port().get(), "/health").body()).contains("UP");
      assertThat(
              http.send(
                      HttpRequest.newBuilder(
                              URI.create("http://127.0.0.1:" + endpoint.port().get() + "/metrics"))
                          .POST(HttpRequest.BodyPublishers.noBody())
                          .build(),
                      HttpResponse.BodyHandlers.discarding())
                  .statusCode())
          .isEqualTo(405);
    }
    assertThat(Metrics.globalRegistry.getRegistries())
        .as("closed: left the global registry")
        .isEmpty();
  }

  @Test
  void answersLivenessAndReadinessFromTheChecksWith503WhenOneIsDown() throws Exception {
    AtomicBoolean elasticsearchUp = new AtomicBoolean(false);
    Health health =
        new Health()
            .add(Health.Kind.LIVENESS, () -> Health.Check.up("indexer-alive", "running"))
            .add(
                Health.Kind.READINESS,
                () ->
                    new Health.Check("elasticsearch", elasticsearchUp.get(), "connection refused"));
    try (MetricsEndpoint endpoint = MetricsEndpoint.start("indexer", "127.0.0.1", 0, health)) {
      int port = endpoint.port().orElseThrow();

      HttpResponse<String> live = get(port, "/health/live");
      HttpResponse<String> ready = get(port, "/health/ready");

      assertThat(live.statusCode()).isEqualTo(200);
      assertThat(live.body()).contains("\"status\":\"UP\"").doesNotContain("elasticsearch");
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(ready.body())
          .contains("\"status\":\"DOWN\"")
          .contains("\"name\":\"elasticsearch\"")
          .contains("connection refused");
      assertThat(get(port, "/health").statusCode()).isEqualTo(503);

      elasticsearchUp.set(true);
      assertThat(get(port, "/health/ready").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void reportsACheckThatThrowsAsDown() {
    Health health =
        new Health()
            .add(
                Health.Kind.LIVENESS,
                () -> {
                  throw new IllegalStateException("boom");
                });

    assertThat(health.live().up()).isFalse();
    assertThat(health.live().checks().get(0).detail()).contains("boom");
  }

  @Test
  void servesNothingWithoutAPort() throws Exception {
    try (MetricsEndpoint endpoint = MetricsEndpoint.start("ingest-replay", "127.0.0.1", -1)) {
      assertThat(endpoint.port()).isEmpty();
      assertThat(Metrics.globalRegistry.getRegistries()).contains(endpoint.registry());
    }
  }
}
