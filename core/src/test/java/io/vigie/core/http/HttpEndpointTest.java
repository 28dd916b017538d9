package io.vigie.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class HttpEndpointTest {

  private final HttpClient http = HttpClient.newHttpClient();

  private static ExecutorService named(String name) {
    return Executors.newFixedThreadPool(2, r -> new Thread(r, name));
  }

  private static void threadName(HttpExchange exchange) throws IOException {
    try (exchange) {
      Exchanges.respond(
          exchange,
          200,
          "text/plain",
          Thread.currentThread().getName().getBytes(StandardCharsets.UTF_8));
    }
  }

  private String get(HttpEndpoint server, String path) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  @Test
  void shouldAnswerOnAFreePortKnownBeforeItStarts() throws Exception {
    HttpEndpoint server = HttpEndpoint.bind(new InetSocketAddress("127.0.0.1", 0), 8);
    try {
      assertThat(server.port()).isPositive();
      server.serve("/", HttpEndpointTest::threadName).start();

      assertThat(get(server, "/")).isNotBlank();
    } finally {
      server.stop(0);
    }
  }

  @Test
  void shouldHandleRequestsOnTheExecutorItIsGiven() throws Exception {
    HttpEndpoint server =
        HttpEndpoint.bind(new InetSocketAddress("127.0.0.1", 0), 8, named("test-pool"));
    try {
      server.serve("/", HttpEndpointTest::threadName).start();

      assertThat(get(server, "/")).isEqualTo("test-pool");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void shouldServeAPathAddedAfterTheStart() throws Exception {
    HttpEndpoint server =
        HttpEndpoint.bind(new InetSocketAddress("127.0.0.1", 0), 8, named("late"));
    try {
      server.start();
      server.serve("/late", HttpEndpointTest::threadName);

      assertThat(get(server, "/late")).isEqualTo("late");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void shouldShutItsExecutorDownWhenStopped() throws Exception {
    ExecutorService executor = named("stopped");
    HttpEndpoint server = HttpEndpoint.bind(new InetSocketAddress("127.0.0.1", 0), 8, executor);
    server.start();

    server.stop(0);

    assertThat(executor.isShutdown()).isTrue();
  }

  @Test
  void shouldShutItsExecutorDownWhenThePortIsTaken() throws Exception {
    HttpEndpoint first = HttpEndpoint.bind(new InetSocketAddress("127.0.0.1", 0), 8);
    ExecutorService executor = named("second");
    try {
      assertThatThrownBy(
              () ->
                  HttpEndpoint.bind(new InetSocketAddress("127.0.0.1", first.port()), 8, executor))
          .isInstanceOf(BindException.class);

      assertThat(executor.isShutdown()).isTrue();
    } finally {
      first.stop(0);
    }
  }
}
