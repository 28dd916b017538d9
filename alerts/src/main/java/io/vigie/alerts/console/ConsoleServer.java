package io.vigie.alerts.console;

import static io.vigie.core.http.Exchanges.error;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.FieldDateMath;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.vigie.core.health.Health;
import io.vigie.core.http.ApiTokens;
import io.vigie.core.http.BearerAuth;
import io.vigie.core.http.Exchanges;
import io.vigie.core.http.HttpEndpoint;
import io.vigie.core.json.AvroDocuments;
import io.vigie.schema.Alert;
import io.vigie.schema.SubjectKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
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
  private static final int MAX_ACTION_BODY = 16 * 1024;
  private static final Duration API_TIMEOUT = Duration.ofSeconds(40);
  private static final Pattern SUBJECT =
      Pattern.compile("global|crisis|rule:[A-Za-z0-9._-]{1,100}");
  private static final Duration LONGEST_SPAN = Duration.ofDays(14);
  private static final Duration HEARTBEAT = Duration.ofSeconds(15);
  private static final Map<String, String> ASSETS =
      Map.of(
          "/", "index.html",
          "/index.html", "index.html",
          "/console.js", "console.js",
          "/console.css", "console.css");

  private final HttpEndpoint server;
  private final IncidentBoard board;
  private final ElasticsearchClient elasticsearch;
  private final String postsPattern;
  private final String actionsPattern;
  private final Optional<URI> alertApi;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final ApiTokens tokens;
  private final Health health;
  private final Clock clock;

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
    this.elasticsearch = elasticsearch;
    this.postsPattern = indexPrefix + "posts-*";
    this.actionsPattern = indexPrefix + "alert-actions-*";
    this.alertApi = alertApi;
    this.tokens = tokens;
    this.health = health;
    this.clock = clock;
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
      act(exchange, action.group(1), action.group(2));
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
      events(exchange);
      return;
    }
    try (exchange) {
      Matcher history = HISTORY.matcher(path);
      switch (path) {
        case "/api/incidents" -> {
          ArrayNode list = JSON.createArrayNode();
          board.current().forEach(alert -> list.add(document(alert)));
          json(exchange, 200, list);
        }
        case "/api/session" -> json(exchange, 200, session(caller));
        case "/api/health" -> json(exchange, 200, JSON.readTree(health.ready().toJson()));
        case "/api/subjects" -> json(exchange, 200, subjects());
        case "/api/volume" -> {
          String subject = query.getOrDefault("subject", SubjectKey.GLOBAL);
          if (!SUBJECT.matcher(subject).matches()) {
            json(exchange, 400, error("subject: global, crisis or rule:<id>"));
          } else {
            json(exchange, 200, volume(subject));
          }
        }
        default -> {
          if (history.matches()) {
            json(exchange, 200, history(history.group(1)));
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

  /**
   * A responder's action, forwarded to the alert API with the caller's own token; its answer comes
   * back unchanged. Only the header carries the token here: {@code ?token=} is for reads.
   */
  private void act(HttpExchange exchange, String id, String action) throws IOException {
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

  /** The people's actions on one incident, oldest first, from the alert-actions indices. */
  private JsonNode history(String id) throws IOException {
    ArrayNode list = JSON.createArrayNode();
    elasticsearch
        .search(
            s ->
                s.index(actionsPattern)
                    .allowNoIndices(true)
                    .ignoreUnavailable(true)
                    .size(200)
                    .query(q -> q.term(t -> t.field("alert_id").value(FieldValue.of(id))))
                    .sort(o -> o.field(f -> f.field("acted_at").order(SortOrder.Asc))),
            JsonNode.class)
        .hits()
        .hits()
        .forEach(hit -> list.add(hit.source()));
    return list;
  }

  /** Every new alert version as an {@code incident} event, with a comment now and then. */
  private void events(HttpExchange exchange) throws IOException {
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

  private static JsonNode document(Alert alert) {
    try {
      return JSON.readTree(AvroDocuments.toJson(alert));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** What a volume chart can show: all posts, crisis vocabulary, and the watch rules with posts. */
  private JsonNode subjects() throws IOException {
    ArrayNode list = JSON.createArrayNode();
    list.addObject().put("key", SubjectKey.GLOBAL).put("label", "All posts");
    list.addObject().put("key", SubjectKey.CRISIS).put("label", "Crisis vocabulary");
    var response =
        elasticsearch.search(
            s ->
                posts(s)
                    .aggregations("rules", a -> a.terms(t -> t.field("watch_rule_ids").size(50))),
            Void.class);
    Aggregate rules = response.aggregations().get("rules");
    if (rules != null) {
      for (var bucket : rules.sterms().buckets().array()) {
        String rule = bucket.key().stringValue();
        list.addObject()
            .put("key", SubjectKey.rule(rule))
            .put("label", "Watch rule " + rule + " (" + bucket.docCount() + " posts)");
      }
    }
    return list;
  }

  /** A search of the posts indices that may not exist yet, for aggregations only. */
  private SearchRequest.Builder posts(SearchRequest.Builder search) {
    return search.index(postsPattern).allowNoIndices(true).ignoreUnavailable(true).size(0);
  }

  private static Query filter(String subject) {
    String rule = SubjectKey.ruleOf(subject);
    if (subject.equals(SubjectKey.CRISIS)) {
      return Query.of(q -> q.exists(e -> e.field("crisis_terms")));
    } else if (rule != null) {
      return Query.of(q -> q.term(t -> t.field("watch_rule_ids").value(FieldValue.of(rule))));
    }
    return Query.of(q -> q.matchAll(m -> m));
  }

  /**
   * The subject's posts over their last 14 days at most, bucketed, with expectation and episodes.
   */
  private JsonNode volume(String subject) throws IOException {
    Query filter = filter(subject);
    var extent =
        elasticsearch.search(
            s ->
                posts(s)
                    .query(filter)
                    .aggregations("first", a -> a.min(m -> m.field("created_at")))
                    .aggregations("last", a -> a.max(m -> m.field("created_at"))),
            Void.class);
    ObjectNode result = JSON.createObjectNode().put("subject", subject);
    ArrayNode points = result.putArray("points");
    Double first = extent.aggregations().get("first").min().value();
    Double last = extent.aggregations().get("last").max().value();
    if (first == null || last == null || first.isInfinite() || last.isInfinite()) {
      return result.put("width_s", 0);
    }
    Instant end = Instant.ofEpochMilli(last.longValue());
    Instant start = Instant.ofEpochMilli(first.longValue());
    if (start.isBefore(end.minus(LONGEST_SPAN))) {
      start = end.minus(LONGEST_SPAN);
    }
    Duration width = VolumeSeries.widthFor(Duration.between(start, end));
    Instant from = Instant.ofEpochMilli(start.toEpochMilli() / width.toMillis() * width.toMillis());
    Instant to = end;
    var histogram =
        elasticsearch.search(
            s ->
                posts(s)
                    .query(
                        q ->
                            q.bool(
                                b ->
                                    b.filter(filter)
                                        .filter(
                                            f ->
                                                f.range(
                                                    r ->
                                                        r.date(
                                                            d ->
                                                                d.field("created_at")
                                                                    .gte(from.toString())
                                                                    .lte(to.toString()))))))
                    .aggregations(
                        "volume",
                        a ->
                            a.dateHistogram(
                                h ->
                                    h.field("created_at")
                                        .fixedInterval(i -> i.time(width.toSeconds() + "s"))
                                        .minDocCount(0)
                                        .extendedBounds(
                                            e ->
                                                e.min(
                                                        FieldDateMath.of(
                                                            m ->
                                                                m.value(
                                                                    (double) from.toEpochMilli())))
                                                    .max(
                                                        FieldDateMath.of(
                                                            m ->
                                                                m.value(
                                                                    (double)
                                                                        to.toEpochMilli())))))),
            Void.class);
    Map<Long, Long> counts = new HashMap<>();
    for (var bucket : histogram.aggregations().get("volume").dateHistogram().buckets().array()) {
      counts.put(bucket.key(), bucket.docCount());
    }
    List<Long> series = new ArrayList<>();
    for (Instant at = from; !at.isAfter(to); at = at.plus(width)) {
      series.add(counts.getOrDefault(at.toEpochMilli(), 0L));
    }
    for (VolumeSeries.Point point : VolumeSeries.of(from, width, series)) {
      points
          .addObject()
          .put("at", point.at().toString())
          .put("observed", point.observed())
          .put("expected", round(point.expected()))
          .put("low", round(point.low()))
          .put("high", round(point.high()))
          .put("episode", point.episode());
    }
    return result.put("width_s", width.toSeconds()).put("as_of", clock.instant().toString());
  }

  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
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

  /** API data: live, and possibly a token holder's view, so never cached. */
  private static void json(HttpExchange exchange, int status, JsonNode body) throws IOException {
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    noSniffing(exchange);
    Exchanges.json(exchange, status, body);
  }

  private static void respond(HttpExchange exchange, int status, String type, byte[] body)
      throws IOException {
    noSniffing(exchange);
    Exchanges.respond(exchange, status, type, body);
  }

  /** A browser takes every answer as the type it says, never as a script or page it guesses. */
  private static void noSniffing(HttpExchange exchange) {
    exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
  }
}
