package io.vigie.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpHandler;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ExchangesTest {

  private final HttpClient http = HttpClient.newHttpClient();
  private HttpEndpoint server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  private HttpResponse<byte[]> answerOf(HttpHandler handler) throws Exception {
    server = HttpEndpoint.bind(new InetSocketAddress("127.0.0.1", 0), 4).serve("/", handler);
    server.start();
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/")).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void shouldSendTheStatusTheContentTypeAndTheBodyAsGiven() throws Exception {
    HttpResponse<byte[]> answer =
        answerOf(
            exchange -> {
              try (exchange) {
                Exchanges.respond(
                    exchange,
                    418,
                    "text/plain; charset=utf-8",
                    "short and stout".getBytes(StandardCharsets.UTF_8));
              }
            });

    assertThat(answer.statusCode()).isEqualTo(418);
    assertThat(answer.headers().firstValue("Content-Type")).contains("text/plain; charset=utf-8");
    assertThat(answer.headers().firstValue("Content-Length")).contains("15");
    assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("short and stout");
  }

  @Test
  void shouldRefuseWithAnErrorObjectInJson() throws Exception {
    HttpResponse<byte[]> answer =
        answerOf(
            exchange -> {
              try (exchange) {
                Exchanges.json(exchange, 404, Exchanges.error("no alert \"a-1\""));
              }
            });

    assertThat(answer.statusCode()).isEqualTo(404);
    assertThat(answer.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(new String(answer.body(), StandardCharsets.UTF_8))
        .isEqualTo("{\"error\":\"no alert \\\"a-1\\\"\"}");
  }

  @Test
  void shouldEscapeCharactersBeyondTheBasicPlaneInJsonButKeepThemInJsonText() throws Exception {
    String flood = "flood \uD83C\uDF0A";
    HttpResponse<byte[]> escaped =
        answerOf(
            exchange -> {
              try (exchange) {
                Exchanges.json(exchange, 200, Exchanges.error(flood));
              }
            });
    stop();
    HttpResponse<byte[]> kept =
        answerOf(
            exchange -> {
              try (exchange) {
                Exchanges.jsonText(
                    exchange, 200, new ObjectMapper().writeValueAsString(Exchanges.error(flood)));
              }
            });

    assertThat(new String(escaped.body(), StandardCharsets.UTF_8))
        .isEqualTo("{\"error\":\"flood \\uD83C\\uDF0A\"}");
    assertThat(new String(kept.body(), StandardCharsets.UTF_8))
        .isEqualTo("{\"error\":\"flood \uD83C\uDF0A\"}");
    assertThat(kept.headers().firstValue("Content-Type")).contains("application/json");
  }

  @Test
  void shouldKeepCharactersBeyondTheBasicPlaneWhenSendingANodeAsJsonText() throws Exception {
    HttpResponse<byte[]> answer =
        answerOf(
            exchange -> {
              try (exchange) {
                Exchanges.jsonText(exchange, 409, Exchanges.error("flood \uD83C\uDF0A"));
              }
            });

    assertThat(answer.statusCode()).isEqualTo(409);
    assertThat(answer.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(new String(answer.body(), StandardCharsets.UTF_8))
        .isEqualTo("{\"error\":\"flood \uD83C\uDF0A\"}");
  }

  @Test
  void shouldReadABodyUpToItsLimit() throws Exception {
    byte[] body = "0123456789".getBytes(StandardCharsets.UTF_8);

    assertThat(Exchanges.readBody(new ByteArrayInputStream(body), 10)).contains(body);
    assertThat(Exchanges.readBody(new ByteArrayInputStream(new byte[0]), 10))
        .hasValueSatisfying(read -> assertThat(read).isEmpty());
  }

  @Test
  void shouldRefuseABodyOverItsLimitHavingReadOnlyOneByteMore() throws Exception {
    ByteArrayInputStream in = new ByteArrayInputStream(new byte[100]);

    assertThat(Exchanges.readBody(in, 9)).isEmpty();
    assertThat(in.available()).isEqualTo(90);
  }

  @Test
  void shouldDrainABodyUpToItsCapOnly() {
    ByteArrayInputStream small = new ByteArrayInputStream(new byte[1000]);
    ByteArrayInputStream large = new ByteArrayInputStream(new byte[3 << 16]);

    Exchanges.drain(small, 64L * 1024 * 1024);
    Exchanges.drain(large, 1);

    assertThat(small.available()).isZero();
    assertThat(large.available()).isEqualTo(2 << 16);
  }
}
