package io.vigie.alerts.console;

import static io.vigie.alerts.console.ConsoleResponses.json;
import static io.vigie.alerts.console.ConsoleResponses.respond;
import static io.vigie.core.http.Exchanges.error;

import com.sun.net.httpserver.HttpExchange;
import io.vigie.core.http.ApiTokens;
import io.vigie.core.http.BearerAuth;
import io.vigie.core.http.Exchanges;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A responder's action, forwarded to the alert API with the caller's own token; its answer comes
 * back unchanged. Only the header carries the token here: {@code ?token=} is for reads.
 */
final class ActionForwarder {

  /** The console's logger, so that its log lines keep the name operators know them by. */
  private static final Logger log = LoggerFactory.getLogger(ConsoleServer.class);

  private static final int MAX_ACTION_BODY = 16 * 1024;
  private static final Duration API_TIMEOUT = Duration.ofSeconds(40);

  private final Optional<URI> alertApi;
  private final ApiTokens tokens;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  ActionForwarder(Optional<URI> alertApi, ApiTokens tokens) {
    this.alertApi = alertApi;
    this.tokens = tokens;
  }

  /** Forwards {@code action} on alert {@code id}; closes the exchange. */
  void act(HttpExchange exchange, String id, String action) throws IOException {
    try (exchange) {
      if (!exchange.getRequestMethod().equals("POST")) {
        exchange.getResponseHeaders().set("Allow", "POST");
        json(exchange, 405, error("use POST"));
        return;
      }
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");
      Optional<ApiTokens.Caller> caller =
          authorization == null ? Optional.empty() : tokens.caller(authorization, null);
      if (caller.isEmpty()) {
        BearerAuth.challenge(exchange, BearerAuth.VIGIE_REALM);
        json(exchange, 401, error("acting needs a responder's bearer token in the header"));
        return;
      }
      if (caller.get().role() != ApiTokens.Role.RESPONDER) {
        json(exchange, 403, error("acting on alerts needs the responder role"));
        return;
      }
      if (alertApi.isEmpty()) {
        json(exchange, 501, error("this console is read-only: no alert API configured"));
        return;
      }
      Optional<byte[]> body = Exchanges.readBody(exchange.getRequestBody(), MAX_ACTION_BODY);
      if (body.isEmpty()) {
        json(exchange, 413, error("body over " + MAX_ACTION_BODY + " bytes"));
        return;
      }
      // Appended, not resolved: the API may sit under a path prefix behind a proxy.
      URI target =
          URI.create(
              alertApi.get().toString().replaceAll("/+$", "") + "/v1/alerts/" + id + "/" + action);
      HttpResponse<byte[]> answer;
      try {
        answer =
            http.send(
                HttpRequest.newBuilder(target)
                    .timeout(API_TIMEOUT)
                    .header("Authorization", authorization)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.get()))
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
      } catch (IOException e) {
        log.warn("Alert API at {} did not answer: {}", alertApi.get(), e.toString());
        json(exchange, 502, error("the alert API does not answer; try again"));
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        json(exchange, 503, error("stopping"));
        return;
      }
      exchange.getResponseHeaders().set("Cache-Control", "no-store");
      respond(exchange, answer.statusCode(), "application/json", answer.body());
    }
  }
}
