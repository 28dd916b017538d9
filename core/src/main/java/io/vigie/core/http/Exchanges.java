package io.vigie.core.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The answers and request bodies of Vigie's servers: a body with its content type, JSON, the {@code
 * {"error": ...}} object every server refuses with, and a request body read up to a limit.
 */
public final class Exchanges {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String APPLICATION_JSON = "application/json";

  private Exchanges() {}

  /**
   * Sends {@code status} with {@code body} as {@code contentType}. An empty body goes as an empty
   * chunked one: to the JDK's server a length of 0 means chunked, and clients have always seen
   * that.
   */
  public static void respond(HttpExchange exchange, int status, String contentType, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
  }

  /**
   * Sends {@code body} as JSON, written by Jackson straight to UTF-8, which escapes a character
   * beyond the Basic Multilingual Plane (an emoji) as its two surrogates.
   */
  public static void json(HttpExchange exchange, int status, JsonNode body) throws IOException {
    respond(exchange, status, APPLICATION_JSON, JSON.writeValueAsBytes(body));
  }

  /**
   * Sends JSON already written as text, encoded in UTF-8: characters beyond the Basic Multilingual
   * Plane come out as they are. Servers whose answers were always written this way keep it, so that
   * their clients read the same bytes as before.
   */
  public static void jsonText(HttpExchange exchange, int status, String json) throws IOException {
    respond(exchange, status, APPLICATION_JSON, json.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Sends {@code body} as {@link #jsonText(HttpExchange, int, String) JSON text}: written as a
   * string first, so that characters beyond the Basic Multilingual Plane come out as they are.
   */
  public static void jsonText(HttpExchange exchange, int status, JsonNode body) throws IOException {
    jsonText(exchange, status, JSON.writeValueAsString(body));
  }

  /** The body every server refuses a request with: {@code {"error": message}}. */
  public static ObjectNode error(String message) {
    return JSON.createObjectNode().put("error", message);
  }

  /**
   * The request body, unless it is longer than {@code max} bytes (the caller answers 413 then); no
   * more than one byte past the limit is read.
   */
  public static Optional<byte[]> readBody(InputStream in, int max) throws IOException {
    byte[] body = in.readNBytes(max + 1);
    return body.length > max ? Optional.empty() : Optional.of(body);
  }

  /**
   * Reads and throws away what is left of a request body, up to {@code max} bytes: a client still
   * sending an oversized body then gets to read the refusal instead of a reset connection.
   */
  public static void drain(InputStream in, long max) {
    byte[] buffer = new byte[1 << 16];
    long total = 0;
    try {
      for (int n; total < max && (n = in.read(buffer)) > 0; ) {
        total += n;
      }
    } catch (IOException e) {
      // the client gave up: nothing to do
    }
  }
}
