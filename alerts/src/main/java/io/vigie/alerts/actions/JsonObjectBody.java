package io.vigie.alerts.actions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import io.vigie.core.http.Exchanges;
import java.io.IOException;

/**
 * A request body as the alert and silence APIs take it: a JSON object of at most {@link #MAX}
 * bytes, an empty body being an empty object. Both refuse a bad one with the same status and words.
 */
final class JsonObjectBody {

  static final int MAX = 16 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonObjectBody() {}

  /**
   * The body's object; refused with 413 when over {@link #MAX} bytes, 400 when not a JSON object.
   */
  static JsonNode read(HttpExchange exchange) throws IOException, Refused {
    byte[] bytes =
        Exchanges.readBody(exchange.getRequestBody(), MAX)
            .orElseThrow(() -> new Refused(413, "body over " + MAX + " bytes"));
    JsonNode json;
    try {
      json = bytes.length == 0 ? JSON.createObjectNode() : JSON.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw new Refused(400, "body is not JSON: " + e.getOriginalMessage());
    }
    if (json == null || !json.isObject()) {
      throw new Refused(400, "body must be a JSON object");
    }
    return json;
  }
}
