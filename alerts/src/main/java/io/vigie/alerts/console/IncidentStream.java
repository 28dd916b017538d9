package io.vigie.alerts.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import io.vigie.core.json.AvroDocuments;
import io.vigie.schema.Alert;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The console's server-sent event stream: every new alert version on the {@link IncidentBoard} as
 * an {@code incident} event, with a heartbeat comment now and then so that proxies keep it open.
 */
final class IncidentStream {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration HEARTBEAT = Duration.ofSeconds(15);

  private final IncidentBoard board;

  IncidentStream(IncidentBoard board) {
    this.board = board;
  }

  /** Streams to the page until it goes away or the server stops; closes the exchange. */
  void serve(HttpExchange exchange) throws IOException {
    LinkedBlockingQueue<Alert> queue = new LinkedBlockingQueue<>(1_000);
    try (exchange;
        AutoCloseable subscription = board.listen(queue::offer)) {
      exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
      exchange.getResponseHeaders().set("Cache-Control", "no-store");
      exchange.sendResponseHeaders(200, 0);
      OutputStream out = exchange.getResponseBody();
      out.write(": connected\n\n".getBytes(StandardCharsets.UTF_8));
      out.flush();
      while (!Thread.currentThread().isInterrupted()) {
        Alert alert = queue.poll(HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
        String event =
            alert == null
                ? ": heartbeat\n\n"
                : "event: incident\ndata: " + document(alert) + "\n\n";
        out.write(event.getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
    } catch (IOException e) {
      // the page went away
    } catch (Exception e) {
      Thread.currentThread().interrupt();
    }
  }

  /** An alert as the page shows it, in the stream and in the incident list alike. */
  static JsonNode document(Alert alert) {
    try {
      return JSON.readTree(AvroDocuments.toJson(alert));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
