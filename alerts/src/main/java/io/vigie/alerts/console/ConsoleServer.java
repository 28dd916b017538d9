package io.vigie.alerts.console;

import static io.vigie.alerts.console.ConsoleResponses.json;
import static io.vigie.alerts.console.ConsoleResponses.respond;
import static io.vigie.core.http.Exchanges.error;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.vigie.core.health.Health;
import io.vigie.core.http.ApiTokens;
import io.vigie.core.http.BearerAuth;
import io.vigie.core.http.HttpEndpoint;
import io.vigie.schema.SubjectKey;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vigie's own console, a page served with its data: live incidents (a server-sent event stream of
 * every new alert version) with their state, assignee, organic/coordinated split and history (the
 * alert-actions indices), volume per subject with its expected band and episodes ({@link
 * VolumeSeries} over Elasticsearch's date histogram), weak signals, sample posts, and the process's
 * health. Bound to loopback it may run open; anywhere else it refuses to start without tokens, and
 * then every API call needs a viewer or responder token (bearer header, or {@code ?token=} on reads
 * only, which the page uses for its event stream since an EventSource cannot send headers).
 *
 * <p>Given the alert API's address, responders act from the page: {@code POST
 * /api/alerts/{id}/{action}} is forwarded to that API's {@code /v1/alerts/{id}/{action}} with the
 * caller's own bearer token, and its answer (202, or 400/404/409 with a message) comes back as it
 * is. The console writes nothing itself, so the API stays the one path to the alert-actions topic
 * with its checks. Writes take the token from the {@code Authorization} header only, never from the
 * query or a cookie: a page on another site cannot send that header, so it cannot act in a
 * responder's name (no cross-site request forgery).
 */
public final class ConsoleServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ConsoleServer.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ACTION =
      Pattern.compile(
          "/api/alerts/([A-Za-z0-9._:-]{1,200})/(acknowledge|assign|resolve|false-positive|reopen)");
  private static final Pattern HISTORY =
      Pattern.compile("/api/incidents/([A-Za-z0-9._:-]{1,200})/history");
  private static final Pattern SUBJECT =
      Pattern.compile("global|crisis|rule:[A-Za-z0-9._-]{1,100}");
  private static final Map<String, String> ASSETS =
      Map.of(
          "/", "index.html",
          "/index.html", "index.html",
          "/console.js", "console.js",
          "/console.css", "console.css");

  private final HttpEndpoint server;
  private final IncidentBoard board;
  private final ElasticsearchViews views;
  private final IncidentStream incidents;
  private final ActionForwarder actions;
  private final Optional<URI> alertApi;
  private final ApiTokens tokens;
  private final Health health;

  private ConsoleServer(
      HttpEndpoint server,
      IncidentBoard board,
      ElasticsearchClient elasticsearch,
      String indexPrefix,
      Optional<URI> alertApi,
      ApiTokens tokens,
      Health health,
      Clock clock) {
    this.server = server;
    this.board = board;
    this.views = new ElasticsearchViews(elasticsearch, indexPrefix, clock);
    this.incidents = new IncidentStream(board);
    this.actions = new ActionForwarder(alertApi, tokens);
    this.alertApi = alertApi;
    this.tokens = tokens;
    this.health = health;
  }

  /**
   * Serves the console on {@code host:port} (0: a free port), read-only unless {@code alertApi}
   * (the base address of {@code vigie alerts}' API, e.g. {@code http://alerts:8088}) is given.
   *
   * @throws IllegalArgumentException when bound beyond loopback without tokens
   */
  public static ConsoleServer start(
      String host,
      int port,
      IncidentBoard board,
      ElasticsearchClient elasticsearch,
      String indexPrefix,
      Optional<URI> alertApi,
      ApiTokens tokens,
      Health health,
      Clock clock)
      throws IOException {
    InetAddress address = tokens.bindable(host, "the console");
    // Event streams hold a thread each for as long as a page is open.
    HttpEndpoint server =
        HttpEndpoint.bind(
            new InetSocketAddress(address, port), 64, Executors.newCachedThreadPool());
    ConsoleServer console =
        new ConsoleServer(
            server, board, elasticsearch, indexPrefix, alertApi, tokens, health, clock);
    server.serve("/", console::asset);
    server.serve("/api/", console::api);
    server.start();
    log.info("Console on http://{}:{}/", host, console.port());
    return console;
  }

  public int port() {
    return server.port();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void asset(HttpExchange exchange) throws IOException {
    try (exchange) {
      String name = ASSETS.get(exchange.getRequestURI().getPath());
      if (name == null) {
        respond(
            exchange,
            404,
            "text/plain; charset=utf-8",
            "not found".getBytes(StandardCharsets.UTF_8));
        return;
      }
      byte[] body;
      try (InputStream in = ConsoleServer.class.getResourceAsStream(name)) {
        body = in.readAllBytes();
      }
      String type =
          name.endsWith(".js")
              ? "text/javascript; charset=utf-8"
              : name.endsWith(".css") ? "text/css; charset=utf-8" : "text/html; charset=utf-8";
      exchange.getResponseHeaders().set("Content-Security-Policy", "default-src 'self'");
      respond(exchange, 200, type, body);
    }
  }

  private void api(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
    Matcher action = ACTION.matcher(path);
    if (action.matches()) {
      actions.act(exchange, action.group(1), action.group(2));
      return;
    }
    Optional<ApiTokens.Caller> caller =
        tokens.caller(
            exchange.getRequestHeaders().getFirst("Authorization"),
            exchange.getRequestURI().getRawQuery());
    if (!tokens.isEmpty() && caller.isEmpty()) {
      try (exchange) {
        BearerAuth.challenge(exchange, BearerAuth.VIGIE_REALM);
        json(exchange, 401, error("a valid token is required (header or ?token=)"));
      }
      return;
    }
    if (!exchange.getRequestMethod().equals("GET")) {
      try (exchange) {
        exchange.getResponseHeaders().set("Allow", "GET");
        json(exchange, 405, error("use GET"));
      }
      return;
    }
    if (path.equals("/api/events")) {
      incidents.serve(exchange);
      return;
    }
    try (exchange) {
      Matcher history = HISTORY.matcher(path);
      switch (path) {
        case "/api/incidents" -> {
          ArrayNode list = JSON.createArrayNode();
          board.current().forEach(alert -> list.add(IncidentStream.document(alert)));
          json(exchange, 200, list);
        }
        case "/api/session" -> json(exchange, 200, session(caller));
        case "/api/health" -> json(exchange, 200, JSON.readTree(health.ready().toJson()));
        case "/api/subjects" -> json(exchange, 200, views.subjects());
        case "/api/volume" -> {
          String subject = query.getOrDefault("subject", SubjectKey.GLOBAL);
          if (!SUBJECT.matcher(subject).matches()) {
            json(exchange, 400, error("subject: global, crisis or rule:<id>"));
          } else {
            json(exchange, 200, views.volume(subject));
          }
        }
        default -> {
          if (history.matches()) {
            json(exchange, 200, views.history(history.group(1)));
          } else {
            json(
                exchange,
                404,
                error(
                    "api: incidents, incidents/{id}/history, events, session, subjects, volume,"
                        + " health; POST alerts/{id}/{action}"));
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      log.warn("Console request {} failed: {}", path, e.toString());
      json(exchange, 503, error("Elasticsearch cannot answer now"));
    }
  }

  /** Who the page is talking for, and whether it may offer actions. */
  private JsonNode session(Optional<ApiTokens.Caller> caller) {
    ObjectNode session = JSON.createObjectNode();
    session.put("user", caller.map(ApiTokens.Caller::user).orElse(null));
    session.put("role", caller.map(c -> c.role().name()).orElse(null));
    session.put(
        "actions",
        alertApi.isPresent()
            && caller.map(c -> c.role() == ApiTokens.Role.RESPONDER).orElse(false));
    session.put("alert_api", alertApi.isPresent());
    return session;
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> values = new HashMap<>();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          values.put(
              URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
              URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
    }
    return values;
  }
}
