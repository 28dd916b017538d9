package io.vigie.ingest.webhook;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vigie.core.http.BearerAuth;
import io.vigie.core.http.Exchanges;
import io.vigie.core.http.HttpEndpoint;
import io.vigie.ingest.json.InvalidPostException;
import io.vigie.ingest.json.PostJson;
import io.vigie.ingest.publish.PostSink;
import io.vigie.schema.Post;
import io.vigie.schema.webhook.StandardWebhooks;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP webhook: {@code POST /v1/posts} takes one JSON post ({@code application/json}) or a
 * batch, one post per line ({@code application/x-ndjson}). It answers 202 only once Kafka
 * acknowledged every post of the request; a request with any bad line is refused whole with 400 and
 * the error of each line, so that nothing is half-published. 401 without credentials, 403 with
 * wrong ones, 409 for a signed message id already received, 413 for a body over the limit, 415 for
 * another content type, 429 with Retry-After beyond a client's rate, 503 with Retry-After while
 * Kafka does not acknowledge. {@code GET /health} answers 200 while the server runs.
 */
public final class WebhookServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(WebhookServer.class);

  private final WebhookSettings settings;
  private final PostSink sink;
  private final StandardWebhooks signatures;
  private final RateLimiter rateLimiter;
  private final ObjectMapper json;
  private final Clock clock;
  private final HttpEndpoint server;
  private final AtomicLong accepted = new AtomicLong();
  private final MeterRegistry registry;
  private final Counter acceptedPosts;
  private final AtomicLong refusedRequests = new AtomicLong();

  public WebhookServer(WebhookSettings settings, PostSink sink, Clock clock) throws IOException {
    this(settings, sink, clock, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  /**
   * A server whose meters go to {@code registry}; {@code GET /metrics} serves them in the
   * Prometheus text format when it is a {@link PrometheusMeterRegistry}.
   */
  public WebhookServer(WebhookSettings settings, PostSink sink, Clock clock, MeterRegistry registry)
      throws IOException {
    this.settings = settings;
    this.sink = sink;
    this.clock = clock;
    this.signatures =
        new StandardWebhooks(
            settings.signingSecrets(), settings.signatureTolerance(), clock, 100_000);
    this.rateLimiter = new RateLimiter(settings.requestsPerSecond(), settings.burst(), 10_000);
    this.json =
        new ObjectMapper(
            JsonFactory.builder()
                .streamReadConstraints(
                    StreamReadConstraints.builder()
                        .maxNestingDepth(settings.maxNestingDepth())
                        .maxStringLength(settings.maxStringChars())
                        .build())
                .build());
    this.server =
        HttpEndpoint.bind(
            new InetSocketAddress(settings.host(), settings.port()),
            128,
            Executors.newFixedThreadPool(
                8,
                r -> {
                  Thread thread = new Thread(r, "vigie-webhook");
                  thread.setDaemon(true);
                  return thread;
                }));
    server.serve("/v1/posts", this::guarded);
    server.serve("/health", exchange -> respond(exchange, 200, "{\"status\":\"UP\"}"));
    this.registry = registry;
    this.acceptedPosts =
        Counter.builder("vigie.webhook.posts.accepted")
            .description("Posts acknowledged by Kafka and answered 202")
            .register(registry);
    server.serve(
        "/metrics",
        exchange -> {
          try (exchange) {
            if (registry instanceof PrometheusMeterRegistry prometheus) {
              Exchanges.respond(
                  exchange,
                  200,
                  "text/plain; version=0.0.4; charset=utf-8",
                  prometheus.scrape().getBytes(StandardCharsets.UTF_8));
            } else {
              exchange.sendResponseHeaders(404, -1);
            }
          }
        });
  }

  /**
   * Producer settings for the webhook: a caller waits for the answer, so the producer must give up
   * well before an HTTP client would, and an unavailable Kafka becomes a 503 rather than a hung
   * request. {@code kafka} wins where it sets the same keys.
   */
  public static Map<String, Object> producerProperties(Map<String, Object> kafka) {
    Map<String, Object> props = new HashMap<>(kafka);
    props.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
    props.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    props.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000);
    props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
    return props;
  }

  public void start() {
    server.start();
    log.info("Webhook listening on http://{}:{}/v1/posts", settings.host(), port());
  }

  public int port() {
    return server.port();
  }

  /** Posts acknowledged by Kafka since start. */
  public long accepted() {
    return accepted.get();
  }

  /** Requests answered with a 4xx or 5xx since start. */
  public long refusedRequests() {
    return refusedRequests.get();
  }

  private void guarded(HttpExchange exchange) {
    try (exchange) {
      handle(exchange);
    } catch (Exception e) {
      log.error("Webhook request failed", e);
      try {
        respond(exchange, 500, error("internal error"));
      } catch (IOException ignored) {
        // the client is gone
      }
    }
  }

  private void handle(HttpExchange exchange) throws IOException, InterruptedException {
    if (!exchange.getRequestMethod().equals("POST")) {
      exchange.getResponseHeaders().set("Allow", "POST");
      respond(exchange, 405, error("use POST"));
      return;
    }
    String client = clientOf(exchange);
    Optional<Duration> wait = rateLimiter.acquire(client, System.nanoTime());
    if (wait.isPresent()) {
      exchange
          .getResponseHeaders()
          .set("Retry-After", Long.toString(Math.max(1, (wait.get().toMillis() + 999) / 1000)));
      respond(
          exchange,
          429,
          error("rate limit: " + settings.requestsPerSecond() + " requests/s per client"));
      return;
    }
    String length = exchange.getRequestHeaders().getFirst("Content-Length");
    Optional<byte[]> read =
        length != null && parseLong(length) > settings.maxBodyBytes()
            ? Optional.empty()
            : Exchanges.readBody(exchange.getRequestBody(), settings.maxBodyBytes());
    if (read.isEmpty()) {
      // Read the rest first (up to a cap) so that a client still sending gets to read the answer.
      Exchanges.drain(exchange.getRequestBody(), MAX_SWALLOW_BYTES);
      exchange.getResponseHeaders().set("Connection", "close");
      respond(exchange, 413, error("body over " + settings.maxBodyBytes() + " bytes"));
      return;
    }
    byte[] body = read.get();
    if (!authenticated(exchange, body)) {
      return;
    }
    String type =
        Optional.ofNullable(exchange.getRequestHeaders().getFirst("Content-Type"))
            .orElse("")
            .split(";")[0]
            .strip()
            .toLowerCase(Locale.ROOT);
    boolean batch =
        type.equals("application/x-ndjson")
            || type.equals("application/jsonl")
            || type.equals("application/jsonlines");
    if (!batch && !type.equals("application/json")) {
      respond(
          exchange,
          415,
          error(
              "Content-Type must be application/json (one post) or application/x-ndjson (one post per line)"));
      return;
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(body))
              .toString();
    } catch (CharacterCodingException e) {
      respond(exchange, 400, error("body is not valid UTF-8"));
      return;
    }
    List<Post> posts = new ArrayList<>();
    ArrayNode errors = json.createArrayNode();
    Instant now = clock.instant();
    String[] lines = batch ? text.split("\n", -1) : new String[] {text};
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty()) {
        continue;
      }
      try {
        Post post = PostJson.parse(json.readTree(line), now, settings.defaultSource());
        Optional<String> problem = sink.problem(post);
        if (problem.isPresent()) {
          throw new InvalidPostException(problem.get());
        }
        posts.add(post);
      } catch (JsonProcessingException e) {
        errors
            .addObject()
            .put("line", i + 1)
            .put("error", "malformed JSON: " + e.getOriginalMessage());
      } catch (InvalidPostException e) {
        errors.addObject().put("line", i + 1).put("error", e.getMessage());
      }
    }
    if (!errors.isEmpty() || posts.isEmpty()) {
      ObjectNode answer = json.createObjectNode().put("accepted", 0);
      answer.set(
          "errors",
          errors.isEmpty()
              ? json.createArrayNode()
                  .add(json.createObjectNode().put("error", "no post in the body"))
              : errors);
      forgetSignedId(exchange);
      respond(exchange, 400, json.writeValueAsString(answer));
      return;
    }
    List<CompletableFuture<?>> acknowledgements =
        posts.stream().<CompletableFuture<?>>map(sink::publish).toList();
    try {
      CompletableFuture.allOf(acknowledgements.toArray(CompletableFuture[]::new))
          .get(settings.kafkaTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      log.warn(
          "Kafka did not acknowledge a webhook request: {}",
          e.getCause() != null ? e.getCause().toString() : e.toString());
      forgetSignedId(exchange);
      exchange.getResponseHeaders().set("Retry-After", "5");
      respond(
          exchange,
          503,
          error(
              "Kafka is unavailable; nothing was acknowledged, retry later (posts are idempotent by source and id)"));
      return;
    }
    accepted.addAndGet(posts.size());
    acceptedPosts.increment(posts.size());
    respond(
        exchange,
        202,
        json.writeValueAsString(json.createObjectNode().put("accepted", posts.size())));
  }

  private boolean authenticated(HttpExchange exchange, byte[] body) throws IOException {
    if (!settings.bearerTokens().isEmpty()) {
      Optional<String> given =
          BearerAuth.token(exchange.getRequestHeaders().getFirst("Authorization"));
      if (given.isEmpty()) {
        BearerAuth.challenge(exchange, BearerAuth.VIGIE_REALM);
        respond(exchange, 401, error("missing bearer token"));
        return false;
      }
      if (!BearerAuth.isAnyOf(given.get(), settings.bearerTokens())) {
        respond(exchange, 403, error("unknown bearer token"));
        return false;
      }
    }
    if (signatures.enabled()) {
      var headers = exchange.getRequestHeaders();
      String id = headers.getFirst("webhook-id");
      if (id == null
          || headers.getFirst("webhook-signature") == null
          || headers.getFirst("webhook-timestamp") == null) {
        respond(
            exchange,
            401,
            error("missing webhook-id, webhook-timestamp or webhook-signature header"));
        return false;
      }
      Optional<String> problem =
          signatures.problem(
              id,
              headers.getFirst("webhook-timestamp"),
              headers.getFirst("webhook-signature"),
              body);
      if (problem.isPresent()) {
        respond(
            exchange, problem.get().contains("already received") ? 409 : 403, error(problem.get()));
        return false;
      }
    }
    return true;
  }

  /** A signed request refused after its id was recorded may be sent again once fixed. */
  private void forgetSignedId(HttpExchange exchange) {
    String id = exchange.getRequestHeaders().getFirst("webhook-id");
    if (id != null && signatures.enabled()) {
      signatures.forget(id);
    }
  }

  /** How much of an oversized body is read and thrown away so that its sender sees the 413. */
  private static final long MAX_SWALLOW_BYTES = 64L * 1024 * 1024;

  private static String clientOf(HttpExchange exchange) {
    String auth = exchange.getRequestHeaders().getFirst("Authorization");
    // Per token when there is one (clients behind one proxy share an address), else per address.
    return auth != null
        ? "token:" + Integer.toHexString(auth.hashCode())
        : "ip:" + exchange.getRemoteAddress().getAddress().getHostAddress();
  }

  private static long parseLong(String value) {
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private String error(String message) throws JsonProcessingException {
    return json.writeValueAsString(Exchanges.error(message));
  }

  private void respond(HttpExchange exchange, int status, String body) throws IOException {
    if (status >= 400) {
      refusedRequests.incrementAndGet();
    }
    if (exchange.getHttpContext().getPath().equals("/v1/posts")) {
      registry.counter("vigie.webhook.requests", "status", Integer.toString(status)).increment();
    }
    Exchanges.jsonText(exchange, status, body);
    // Ends the exchange: /health answers through here without closing it otherwise.
    exchange.getResponseBody().close();
  }

  @Override
  public void close() {
    server.stop(1);
  }
}
