package io.vigie.ingest.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Metrics;
import io.vigie.core.http.Ports;
import io.vigie.core.kafka.TopicSetup;
import io.vigie.ingest.publish.IngestMetrics;
import io.vigie.ingest.publish.KafkaPostSink;
import io.vigie.ingest.publish.PostPublisher;
import io.vigie.localstack.LocalStack;
import io.vigie.schema.Post;
import io.vigie.schema.VigieTopics;
import io.vigie.schema.validation.PostValidator;
import io.vigie.schema.webhook.StandardWebhooks;
import io.vigie.testkit.RealServers;
import io.vigie.testkit.TestTopics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The webhook on the real broker, and every abuse case refused with its status and nothing
 * published.
 */
@ExtendWith(RealServers.class)
class WebhookIT {

  private static final String TOKEN = "s3cret-token";
  private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  private final HttpClient http = HttpClient.newHttpClient();
  private VigieTopics topics;
  private String bootstrap;
  private WebhookServer server;
  private PostPublisher publisher;

  @BeforeEach
  void start(LocalStack stack) throws Exception {
    bootstrap = stack.bootstrapServers().orElseThrow();
    topics = VigieTopics.withPrefix("webhook" + UUID.randomUUID().toString().substring(0, 8) + ".");
    try (var admin =
        org.apache.kafka.clients.admin.Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      new TopicSetup(3, (short) -1, Duration.ofDays(7)).ensure(admin, topics);
    }
    server = start(bootstrap, settings(List.of(TOKEN), List.of(), 20, 40));
  }

  private WebhookServer start(String kafka, WebhookSettings settings) throws Exception {
    publisher =
        PostPublisher.create(
            topics.rawPosts(),
            WebhookServer.producerProperties(Map.of("bootstrap.servers", kafka)),
            new IngestMetrics(Metrics.globalRegistry));
    WebhookServer started =
        new WebhookServer(
            settings,
            KafkaPostSink.withoutDeadLetters(
                publisher,
                new PostValidator(
                    Clock.systemUTC(),
                    PostValidator.Limits.defaults().withMaxAge(Duration.ofDays(7)))),
            Clock.systemUTC());
    started.start();
    return started;
  }

  private static WebhookSettings settings(
      List<String> tokens, List<String> secrets, double perSecond, int burst) {
    return new WebhookSettings(
        "127.0.0.1",
        0,
        tokens,
        secrets,
        Duration.ofMinutes(5),
        1024 * 1024,
        16,
        100_000,
        perSecond,
        burst,
        Duration.ofSeconds(10),
        "webhook");
  }

  @AfterEach
  void stop() {
    server.close();
    publisher.close();
  }

  private HttpResponse<String> post(
      WebhookServer target, String contentType, byte[] body, String... headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + target.port() + "/v1/posts"))
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String post(String id) {
    return "{\"id\":\""
        + id
        + "\",\"text\":\"Explosion signalée près de la gare\",\"created_at\":\""
        + Instant.now().minusSeconds(30)
        + "\"}";
  }

  private List<ConsumerRecord<String, Post>> published(int atLeast, Duration wait) {
    return TestTopics.readAtLeast(
        bootstrap,
        topics.rawPosts().name(),
        topics.rawPosts().valueSerde().deserializer(),
        atLeast,
        wait);
  }

  @Test
  void shouldAcceptNdjsonBatchOnlyAfterKafkaAcknowledgedIt() throws Exception {
    HttpResponse<String> answer =
        post(
            server,
            "application/x-ndjson",
            utf8(post("1") + "\n" + post("2") + "\n" + post("3") + "\n"),
            "Authorization",
            "Bearer " + TOKEN);

    assertThat(answer.statusCode()).isEqualTo(202);
    assertThat(answer.body()).isEqualTo("{\"accepted\":3}");
    assertThat(published(3, Duration.ofSeconds(20)))
        .extracting(ConsumerRecord::key)
        .containsExactlyInAnyOrder("webhook:1", "webhook:2", "webhook:3");
  }

  @Test
  void shouldRefuseEveryAbuseWithItsStatusAndPublishNothing() throws Exception {
    String auth = "Bearer " + TOKEN;
    assertThat(post(server, "application/json", utf8(post("a"))).statusCode())
        .as("no token")
        .isEqualTo(401);
    assertThat(
            post(server, "application/json", utf8(post("a")), "Authorization", "Bearer wrong")
                .statusCode())
        .as("wrong token")
        .isEqualTo(403);
    assertThat(post(server, "text/plain", utf8(post("a")), "Authorization", auth).statusCode())
        .as("content type")
        .isEqualTo(415);
    assertThat(
            post(server, "application/json", new byte[10 * 1024 * 1024], "Authorization", auth)
                .statusCode())
        .as("10 MB body")
        .isEqualTo(413);
    HttpResponse<String> malformed =
        post(
            server,
            "application/x-ndjson",
            utf8(post("ok") + "\n{\"id\": \"2\", \n"),
            "Authorization",
            auth);
    assertThat(malformed.statusCode()).as("malformed JSON").isEqualTo(400);
    assertThat(malformed.body()).contains("\"line\":2").contains("malformed JSON");
    byte[] invalidUtf8 = {'{', '"', 'i', 'd', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
    assertThat(post(server, "application/json", invalidUtf8, "Authorization", auth).body())
        .contains("not valid UTF-8");
    String deep =
        "{\"id\":\"d\",\"text\":\"t\",\"created_at\":0,\"attributes\":"
            + "[".repeat(50)
            + "]".repeat(50)
            + "}";
    HttpResponse<String> nested =
        post(server, "application/json", utf8(deep), "Authorization", auth);
    assertThat(nested.statusCode()).as("deep nesting").isEqualTo(400);
    assertThat(nested.body()).containsIgnoringCase("nesting depth");
    HttpResponse<String> future =
        post(
            server,
            "application/json",
            utf8(
                "{\"id\":\"f\",\"text\":\"t\",\"created_at\":\""
                    + Instant.now().plus(Duration.ofDays(1))
                    + "\"}"),
            "Authorization",
            auth);
    assertThat(future.statusCode()).isEqualTo(400);
    assertThat(future.body()).contains("in the future");

    assertThat(published(1, Duration.ofSeconds(3))).as("nothing published").isEmpty();
    String metrics =
        http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(metrics)
        .contains("vigie_webhook_requests_total{status=\"401\"} 1.0")
        .contains("vigie_webhook_requests_total{status=\"413\"} 1.0")
        .contains("vigie_webhook_posts_accepted_total 0.0");
  }

  @Test
  void shouldLimitEachClientsRateWithRetryAfter() throws Exception {
    try (WebhookServer strict = start(bootstrap, settings(List.of(TOKEN), List.of(), 1, 2))) {
      int tooMany = 0;
      String retryAfter = null;
      for (int i = 0; i < 6; i++) {
        HttpResponse<String> answer =
            post(strict, "application/json", utf8("{}"), "Authorization", "Bearer " + TOKEN);
        if (answer.statusCode() == 429) {
          tooMany++;
          retryAfter = answer.headers().firstValue("Retry-After").orElse(null);
        }
      }
      assertThat(tooMany).isGreaterThanOrEqualTo(3);
      assertThat(retryAfter).isNotNull();
    }
  }

  @Test
  void shouldVerifyStandardWebhooksSignaturesAndRefuseReplays() throws Exception {
    try (WebhookServer signed = start(bootstrap, settings(List.of(), List.of(SECRET), 20, 40))) {
      byte[] body = utf8(post("signed-1"));
      long now = Instant.now().getEpochSecond();
      String signature = StandardWebhooks.sign(SECRET, "msg_1", now, body);

      assertThat(
              post(
                      signed,
                      "application/json",
                      body,
                      "webhook-id",
                      "msg_1",
                      "webhook-timestamp",
                      Long.toString(now),
                      "webhook-signature",
                      signature)
                  .statusCode())
          .isEqualTo(202);
      assertThat(
              post(
                      signed,
                      "application/json",
                      body,
                      "webhook-id",
                      "msg_1",
                      "webhook-timestamp",
                      Long.toString(now),
                      "webhook-signature",
                      signature)
                  .statusCode())
          .as("replayed id")
          .isEqualTo(409);
      assertThat(
              post(
                      signed,
                      "application/json",
                      utf8(post("signed-2")),
                      "webhook-id",
                      "msg_2",
                      "webhook-timestamp",
                      Long.toString(now),
                      "webhook-signature",
                      signature)
                  .statusCode())
          .as("signature of another body")
          .isEqualTo(403);
      long stale = now - 3600;
      assertThat(
              post(
                      signed,
                      "application/json",
                      body,
                      "webhook-id",
                      "msg_3",
                      "webhook-timestamp",
                      Long.toString(stale),
                      "webhook-signature",
                      StandardWebhooks.sign(SECRET, "msg_3", stale, body))
                  .statusCode())
          .as("stale")
          .isEqualTo(403);
      assertThat(post(signed, "application/json", body).statusCode()).as("unsigned").isEqualTo(401);
      assertThat(published(1, Duration.ofSeconds(20)))
          .extracting(ConsumerRecord::key)
          .containsExactly("webhook:signed-1");
    }
  }

  @Test
  void shouldAnswer503WhileKafkaIsUnavailable() throws Exception {
    String nobody = "127.0.0.1:" + Ports.freePort();
    try (WebhookServer orphan = start(nobody, settings(List.of(TOKEN), List.of(), 20, 40))) {
      HttpResponse<String> answer =
          post(orphan, "application/json", utf8(post("x")), "Authorization", "Bearer " + TOKEN);

      assertThat(answer.statusCode()).isEqualTo(503);
      assertThat(answer.headers().firstValue("Retry-After")).isPresent();
    }
  }
}
