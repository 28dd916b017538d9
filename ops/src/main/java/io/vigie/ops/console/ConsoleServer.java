package io.vigie.ops.console;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.FieldDateMath;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.vigie.ops.metrics.Health;
import io.vigie.schema.Alert;
import io.vigie.streams.actions.ApiTokens;
import io.vigie.streams.index.AvroDocuments;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vigie's own console, a page served with its data: live incidents (a server-sent event stream of
 * every new alert version), volume per subject with its expected band and episodes ({@link
 * VolumeSeries} over Elasticsearch's date histogram), weak signals, sample posts, and the process's
 * health. Bound to loopback it may run open; anywhere else it refuses to start without tokens, and
 * then every API call needs a viewer or responder token (bearer header, or {@code ?token=}, which
 * the page passes on since an EventSource cannot send headers).
 */
public final class ConsoleServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ConsoleServer.class);
  private static final ObjectMapper JSON = new ObjectMapper();
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

  private final HttpServer server;
  private final ExecutorService executor;
  private final IncidentBoard board;
  private final ElasticsearchClient elasticsearch;
  private final String postsPattern;
  private final ApiTokens tokens;
  private final Health health;
  private final Clock clock;

  private ConsoleServer(
      HttpServer server,
      ExecutorService executor,
      IncidentBoard board,
      ElasticsearchClient elasticsearch,
      String indexPrefix,
      ApiTokens tokens,
      Health health,
      Clock clock) {
    this.server = server;
    this.executor = executor;
    this.board = board;
    this.elasticsearch = elasticsearch;
    this.postsPattern = indexPrefix + "posts-*";
    this.tokens = tokens;
    this.health = health;
    this.clock = clock;
  }

  /**
   * Serves the console on {@code host:port} (0: a free port).
   *
   * @throws IllegalArgumentException when bound beyond loopback without tokens
   */
  public static ConsoleServer start(
      String host,
      int port,
      IncidentBoard board,
      ElasticsearchClient elasticsearch,
      String indexPrefix,
      ApiTokens tokens,
      Health health,
      Clock clock)
      throws IOException {
    InetAddress address = tokens.bindable(host, "the console");
    HttpServer server = HttpServer.create(new InetSocketAddress(address, port), 64);
    // Event streams hold a thread each for as long as a page is open.
    ExecutorService executor = Executors.newCachedThreadPool();
    server.setExecutor(executor);
    ConsoleServer console =
        new ConsoleServer(
            server, executor, board, elasticsearch, indexPrefix, tokens, health, clock);
    server.createContext("/", console::asset);
    server.createContext("/api/", console::api);
    server.start();
    log.info("Console on http://{}:{}/", host, console.port());
    return console;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
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
    if (!tokens.isEmpty()
        && tokens
            .caller(
                exchange.getRequestHeaders().getFirst("Authorization"),
                exchange.getRequestURI().getRawQuery())
            .isEmpty()) {
      try (exchange) {
        exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"vigie\"");
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
      switch (path) {
        case "/api/incidents" -> {
          ArrayNode list = JSON.createArrayNode();
          board.current().forEach(alert -> list.add(document(alert)));
          json(exchange, 200, list);
        }
        case "/api/health" -> json(exchange, 200, JSON.readTree(health.ready().toJson()));
        case "/api/subjects" -> json(exchange, 200, subjects());
        case "/api/volume" -> {
          String subject = query.getOrDefault("subject", "global");
          if (!SUBJECT.matcher(subject).matches()) {
            json(exchange, 400, error("subject: global, crisis or rule:<id>"));
          } else {
            json(exchange, 200, volume(subject));
          }
        }
        default -> json(exchange, 404, error("api: incidents, events, subjects, volume, health"));
      }
    } catch (IOException | RuntimeException e) {
      log.warn("Console request {} failed: {}", path, e.toString());
      json(exchange, 503, error("Elasticsearch cannot answer now"));
    }
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
    list.addObject().put("key", "global").put("label", "All posts");
    list.addObject().put("key", "crisis").put("label", "Crisis vocabulary");
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
            .put("key", "rule:" + rule)
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
    if (subject.equals("crisis")) {
      return Query.of(q -> q.exists(e -> e.field("crisis_terms")));
    } else if (subject.startsWith("rule:")) {
      String rule = subject.substring("rule:".length());
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

  private static ObjectNode error(String message) {
    return JSON.createObjectNode().put("error", message);
  }

  private static void json(HttpExchange exchange, int status, JsonNode body) throws IOException {
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    respond(exchange, status, "application/json", JSON.writeValueAsBytes(body));
  }

  private static void respond(HttpExchange exchange, int status, String type, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
  }
}
