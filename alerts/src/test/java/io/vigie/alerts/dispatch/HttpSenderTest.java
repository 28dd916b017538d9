package io.vigie.alerts.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Against a real local HTTP receiver that answers as scripted. */
class HttpSenderTest {

  private HttpServer receiver;
  private final ConcurrentLinkedQueue<String> attemptHeaders = new ConcurrentLinkedQueue<>();
  private final List<Duration> waits = new ArrayList<>();

  /** Starts a receiver answering each request with the next scripted status (-1: no answer). */
  private URI receiver(int... statuses) throws Exception {
    AtomicInteger next = new AtomicInteger();
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/hook",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          attemptHeaders.add(exchange.getRequestHeaders().getFirst("attempt"));
          int status = statuses[Math.min(next.getAndIncrement(), statuses.length - 1)];
          if (status < 0) {
            try {
              Thread.sleep(1500); // longer than the sender's timeout
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            status = 200;
          }
          if (status == 429) {
            exchange.getResponseHeaders().add("Retry-After", "3");
          }
          byte[] body = ("answer " + status).getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    receiver.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    receiver.start();
    return URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
  }

  @AfterEach
  void stop() {
    if (receiver != null) {
      receiver.stop(0);
    }
  }

  private HttpSender sender(int maxAttempts) {
    return new HttpSender(
        HttpClient.newHttpClient(),
        Duration.ofMillis(500),
        maxAttempts,
        Duration.ofSeconds(1),
        Duration.ofSeconds(30),
        waits::add);
  }

  private static Map<String, String> headers(int attempt) {
    return Map.of("attempt", Integer.toString(attempt));
  }

  @Test
  void failuresThatMayPassAreRetriedWithBackoffHonouringRetryAfter() throws Exception {
    URI url = receiver(500, 429, -1, 200);

    HttpSender.Result result = sender(6).send(url, HttpSenderTest::headers, "{}".getBytes());

    assertThat(result.delivered()).isTrue();
    assertThat(result.attempts()).isEqualTo(4);
    assertThat(waits)
        .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(4));
    assertThat(attemptHeaders).contains("1", "2", "3", "4");
  }

  @Test
  void aReceiverRefusingTheMessageIsNotAskedAgain() throws Exception {
    URI url = receiver(400, 200);

    HttpSender.Result result = sender(6).send(url, HttpSenderTest::headers, "{}".getBytes());

    assertThat(result.delivered()).isFalse();
    assertThat(result.attempts()).isEqualTo(1);
    assertThat(result.detail()).isEqualTo("HTTP 400: answer 400");
  }

  @Test
  void theSenderGivesUpAfterItsLastAttempt() throws Exception {
    URI url = receiver(503);

    HttpSender.Result result = sender(3).send(url, HttpSenderTest::headers, "{}".getBytes());

    assertThat(result.delivered()).isFalse();
    assertThat(result.attempts()).isEqualTo(3);
    assertThat(waits).hasSize(2);
  }
}
