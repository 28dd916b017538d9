package io.vigie.streams.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigie.core.http.ApiTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the query endpoint answers before any store can be read: the application on a real broker is
 * in InteractiveQueriesIT.
 */
class SubjectQueryServerTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private final ApiTokens tokens = ApiTokens.parse(List.of("query-token-1=ana:viewer"));

  private static HttpResponse<String> send(
      SubjectQueryServer server, String method, String path, String token) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .timeout(Duration.ofSeconds(10))
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void callersWithoutATokenAreRefusedBeforeAnythingElse() throws Exception {
    try (SubjectQueryServer server = SubjectQueryServer.bind("127.0.0.1", 0, "", tokens)) {
      HttpResponse<String> response = send(server, "GET", "/v1/subjects/global", null);

      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer");
      assertThat(send(server, "GET", "/v1/instances", "wrong-token").statusCode()).isEqualTo(401);
    }
  }

  @Test
  void untilTheApplicationIsAttachedQueriesAreToBeRetried() throws Exception {
    try (SubjectQueryServer server = SubjectQueryServer.bind("127.0.0.1", 0, "", tokens)) {
      HttpResponse<String> response = send(server, "GET", "/v1/subjects/global", "query-token-1");

      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(response.headers().firstValue("Retry-After")).isPresent();
      assertThat(response.body()).contains("starting");
    }
  }

  @Test
  void onlyGetIsAnswered() throws Exception {
    try (SubjectQueryServer server = SubjectQueryServer.bind("127.0.0.1", 0, "", tokens)) {
      HttpResponse<String> response =
          send(server, "DELETE", "/v1/subjects/global", "query-token-1");

      assertThat(response.statusCode()).isEqualTo(405);
      assertThat(response.headers().firstValue("Allow")).contains("GET");
    }
  }

  @Test
  void theEndpointKafkaStreamsAdvertisesIsTheAdvertisedNameAndTheBoundPort() throws Exception {
    try (SubjectQueryServer server =
        SubjectQueryServer.bind("127.0.0.1", 0, "vigie-streams-0.vigie", tokens)) {
      assertThat(server.applicationServer()).isEqualTo("vigie-streams-0.vigie:" + server.port());
    }
  }

  @Test
  void beyondLoopbackItRefusesToRunWithoutTokens() {
    assertThatThrownBy(() -> SubjectQueryServer.bind("0.0.0.0", 0, "", ApiTokens.parse(List.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("api.tokens");
  }
}
