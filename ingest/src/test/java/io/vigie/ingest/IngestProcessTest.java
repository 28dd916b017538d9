package io.vigie.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigie.ingest.webhook.WebhookServer;
import io.vigie.ingest.webhook.WebhookSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class IngestProcessTest {

  private final List<String> events = new CopyOnWriteArrayList<>();
  private final RecordingSink sink = new RecordingSink(events);

  private static WebhookSettings webhook() {
    return new WebhookSettings(
        "127.0.0.1",
        0,
        List.of("token"),
        List.of(),
        Duration.ofMinutes(5),
        1024 * 1024,
        16,
        100_000,
        100,
        100,
        Duration.ofSeconds(10),
        "webhook");
  }

  private static HttpResponse<String> post(int port, String body) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/posts"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer token")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void shouldStopTheSourceBeforeClosingItsSink() throws Exception {
    IngestProcess<String> process =
        new IngestProcess<>(
            "source",
            sink,
            () -> events.add("source stopped"),
            () -> {},
            () -> new IngestProcess.Health(true, Optional.empty()));

    process.close();

    assertThat(events).containsExactly("source stopped", "sink closed");
  }

  @Test
  void shouldHandTheWebhookPostsToItsSinkUntilClosed() throws Exception {
    IngestProcess<WebhookServer> process =
        IngestProcess.webhook(webhook(), sink, Clock.systemUTC(), new SimpleMeterRegistry());
    int port = process.source().port();

    HttpResponse<String> answer =
        post(
            port,
            "{\"source\":\"webhook\",\"id\":\"1\",\"text\":\"hello\",\"created_at\":\""
                + Instant.now()
                + "\"}");

    assertThat(answer.statusCode()).isEqualTo(202);
    assertThat(sink.published).extracting(p -> p.getId()).containsExactly("1");
    assertThat(process.health().running()).isTrue();

    process.close();

    assertThat(process.health().running()).isFalse();
    assertThat(events).containsExactly("sink closed");
    assertThatThrownBy(() -> post(port, "{}")).isInstanceOf(IOException.class);
  }
}
