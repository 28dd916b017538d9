package io.vigie.alerts.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import io.vigie.core.http.Exchanges;
import java.io.IOException;

/** The headers every console answer carries, over the shared {@link Exchanges} helpers. */
final class ConsoleResponses {

  private ConsoleResponses() {}

  /** API data: live, and possibly a token holder's view, so never cached. */
  static void json(HttpExchange exchange, int status, JsonNode body) throws IOException {
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    noSniffing(exchange);
    Exchanges.json(exchange, status, body);
  }

  static void respond(HttpExchange exchange, int status, String type, byte[] body)
      throws IOException {
    noSniffing(exchange);
    Exchanges.respond(exchange, status, type, body);
  }

  /** A browser takes every answer as the type it says, never as a script or page it guesses. */
  private static void noSniffing(HttpExchange exchange) {
    exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
  }
}
