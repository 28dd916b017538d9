package io.vigie.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BearerAuthTest {

  @Test
  void shouldReadTheTokenOfABearerHeaderWhateverTheSchemesCase() {
    assertThat(BearerAuth.token("Bearer s3cret-token")).contains("s3cret-token");
    assertThat(BearerAuth.token("bearer   s3cret-token  ")).contains("s3cret-token");
    assertThat(BearerAuth.token("BEARER s3cret-token")).contains("s3cret-token");
  }

  @Test
  void shouldFindNoTokenWithoutABearerHeader() {
    assertThat(BearerAuth.token(null)).isEmpty();
    assertThat(BearerAuth.token("Basic czNjcmV0")).isEmpty();
    assertThat(BearerAuth.token("Bearer")).isEmpty();
    assertThat(BearerAuth.token("Bearers-token")).isEmpty();
  }

  @Test
  void shouldAcceptOnlyATokenItKnowsExactly() {
    List<String> known = List.of("first-token", "second-token");

    assertThat(BearerAuth.isAnyOf("second-token", known)).isTrue();
    assertThat(BearerAuth.isAnyOf("second-tokeN", known)).isFalse();
    assertThat(BearerAuth.isAnyOf("second-token-and-more", known)).isFalse();
    assertThat(BearerAuth.isAnyOf("", known)).isFalse();
    assertThat(BearerAuth.isAnyOf("first-token", List.of())).isFalse();
    assertThat(
            BearerAuth.matches(
                "é-token".getBytes(StandardCharsets.UTF_8),
                "é-token".getBytes(StandardCharsets.UTF_8)))
        .isTrue();
  }

  @Test
  void shouldChallengeWithExactlyTheHeaderEachServerGives() throws Exception {
    HttpEndpoint server =
        HttpEndpoint.bind(new InetSocketAddress("127.0.0.1", 0), 4)
            .serve("/realm", exchange -> refuse(exchange, BearerAuth.VIGIE_REALM))
            .serve("/bare", exchange -> refuse(exchange, BearerAuth.NO_REALM));
    server.start();
    try {
      assertThat(challengeOf(server, "/realm")).isEqualTo("Bearer realm=\"vigie\"");
      assertThat(challengeOf(server, "/bare")).isEqualTo("Bearer");
    } finally {
      server.stop(0);
    }
  }

  private static void refuse(HttpExchange exchange, String challenge) throws IOException {
    try (exchange) {
      BearerAuth.challenge(exchange, challenge);
      exchange.sendResponseHeaders(401, -1);
    }
  }

  private static String challengeOf(HttpEndpoint server, String path) throws Exception {
    HttpResponse<Void> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().allValues("WWW-Authenticate")).hasSize(1);
    return response.headers().firstValue("WWW-Authenticate").orElseThrow();
  }
}
