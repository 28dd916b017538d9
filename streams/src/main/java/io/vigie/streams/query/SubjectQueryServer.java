package io.vigie.streams.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.vigie.core.http.ApiTokens;
import io.vigie.streams.detect.DetectionTopology;
import io.vigie.streams.detect.SubjectDetector;
import io.vigie.streams.detect.SubjectView;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Interactive queries over the detection stores, served by every instance of the Streams
 * application and answered by whichever owns the key:
 *
 * <ul>
 *   <li>{@code GET /v1/subjects/{subject}}: what the detectors know of a subject ({@code global},
 *       {@code crisis}, {@code rule:<id>}, {@code hashtag:<tag>}, {@code term:<word>}): per
 *       horizon, the baseline's expectation against the bucket filling, the open episode, the top
 *       terms (see {@link SubjectView}). An instance that does not hold the subject's partition
 *       asks the one that does (its {@code application.server}) and relays the answer; {@code
 *       served_by} says which answered. 404 when no instance has a state for it (never seen, or
 *       forgotten after its idle period); 503 with {@code Retry-After} while partitions move.
 *   <li>{@code GET /v1/instances}: every instance, its endpoint, and the partitions it holds active
 *       and as a standby.
 * </ul>
 *
 * Callers present an {@code api.tokens} token (viewer or responder). Bound to loopback without
 * tokens it runs open; beyond loopback it refuses to start without them.
 */
public final class SubjectQueryServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SubjectQueryServer.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SUBJECTS = "/v1/subjects/";
  private static final int MAX_SUBJECT = 300;

  /**
   * Marks a request one instance relays to another: it is answered there or refused, never relayed
   * again.
   */
  static final String RELAYED_BY = "X-Vigie-Relayed-By";

  private final HttpServer server;
  private final ExecutorService executor;
  private final ApiTokens tokens;
  private final HostInfo self;
  private final HttpClient peers =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
  private volatile KafkaStreams streams;
  private volatile SubjectDetector detector;

  private SubjectQueryServer(
      HttpServer server, ExecutorService executor, ApiTokens tokens, HostInfo self) {
    this.server = server;
    this.executor = executor;
    this.tokens = tokens;
    this.self = self;
  }

  /**
   * Listens on {@code host:port} (0: a free port) and answers 503 until {@link #attach}: Kafka
   * Streams must be told this endpoint ({@link #applicationServer()}) before it is created.
   *
   * @param advertisedHost the name other instances reach this one by; blank: {@code host}
   * @throws IllegalArgumentException when bound beyond loopback without tokens
   */
  public static SubjectQueryServer bind(
      String host, int port, String advertisedHost, ApiTokens tokens) throws IOException {
    InetAddress address = tokens.bindable(host, "the interactive-query server");
    HttpServer server = HttpServer.create(new InetSocketAddress(address, port), 64);
    ExecutorService executor = Executors.newFixedThreadPool(4);
    server.setExecutor(executor);
    String advertised = advertisedHost == null || advertisedHost.isBlank() ? host : advertisedHost;
    SubjectQueryServer queries =
        new SubjectQueryServer(
            server, executor, tokens, new HostInfo(advertised, server.getAddress().getPort()));
    server.createContext(SUBJECTS, queries::subject);
    server.createContext("/v1/instances", queries::instances);
    server.start();
    log.info("Interactive queries on http://{}:{}{}", host, queries.port(), SUBJECTS);
    return queries;
  }

  /** The value of Kafka Streams' {@code application.server} for this instance. */
  public String applicationServer() {
    return self.host() + ":" + self.port();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** Starts answering from {@code streams}, whose detection states {@code detector} reads. */
  public void attach(KafkaStreams streams, SubjectDetector detector) {
    this.detector = detector;
    this.streams = streams;
  }

  private void subject(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!admitted(exchange)) {
        return;
      }
      String subject = exchange.getRequestURI().getPath().substring(SUBJECTS.length());
      if (subject.isEmpty()
          || subject.length() > MAX_SUBJECT
          || subject.chars().anyMatch(Character::isISOControl)) {
        respond(
            exchange,
            400,
            error("give a subject: /v1/subjects/hashtag:flood, /v1/subjects/global"));
        return;
      }
      KafkaStreams running = streams;
      KeyQueryMetadata owner =
          running.queryMetadataForKey(
              DetectionTopology.SUBJECTS_STORE, subject, Serdes.String().serializer());
      if (owner == null
          || owner.equals(KeyQueryMetadata.NOT_AVAILABLE)
          || owner.activeHost().equals(HostInfo.unavailable())) {
        retryLater(exchange, "the subject's partition has no active instance now");
      } else if (owner.activeHost().equals(self)) {
        answerLocally(exchange, running, subject, owner.partition());
      } else if (exchange.getRequestHeaders().getFirst(RELAYED_BY) != null) {
        // The relaying instance's metadata was older than ours: the partition is moving.
        retryLater(exchange, "the subject's partition is moving between instances");
      } else {
        relay(exchange, owner.activeHost(), subject);
      }
    }
  }

  private void answerLocally(
      HttpExchange exchange, KafkaStreams running, String subject, int partition)
      throws IOException {
    byte[] state;
    try {
      ReadOnlyKeyValueStore<String, byte[]> store =
          running.store(
              StoreQueryParameters.fromNameAndType(
                      DetectionTopology.SUBJECTS_STORE,
                      QueryableStoreTypes.<String, byte[]>keyValueStore())
                  .withPartition(partition));
      state = store.get(subject);
    } catch (InvalidStateStoreException e) {
      retryLater(exchange, "the subject's store is not queryable now (" + e.getMessage() + ")");
      return;
    }
    if (state == null) {
      ObjectNode body =
          error("no state for " + subject + ": never seen, or forgotten after its idle period");
      body.put("served_by", applicationServer());
      respond(exchange, 404, body);
      return;
    }
    ObjectNode body = toJson(detector.view(subject, state));
    body.put("partition", partition);
    body.put("served_by", applicationServer());
    respond(exchange, 200, body);
  }

  private void relay(HttpExchange exchange, HostInfo owner, String subject) throws IOException {
    URI target;
    try {
      target = new URI("http", null, owner.host(), owner.port(), SUBJECTS + subject, null, null);
    } catch (URISyntaxException e) {
      respond(exchange, 400, error("subject cannot be relayed: " + e.getMessage()));
      return;
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(target)
            .timeout(Duration.ofSeconds(5))
            .header(RELAYED_BY, applicationServer())
            .GET();
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    try {
      HttpResponse<byte[]> answer =
          peers.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      answer
          .headers()
          .firstValue("Retry-After")
          .ifPresent(v -> exchange.getResponseHeaders().set("Retry-After", v));
      respond(exchange, answer.statusCode(), answer.body());
    } catch (IOException e) {
      ObjectNode body =
          error(
              "the instance owning "
                  + subject
                  + " ("
                  + owner.host()
                  + ":"
                  + owner.port()
                  + ") did not answer: "
                  + e.getMessage());
      respond(exchange, 502, body);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      retryLater(exchange, "interrupted");
    }
  }

  private void instances(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!admitted(exchange)) {
        return;
      }
      ArrayNode all = JSON.createArrayNode();
      for (StreamsMetadata instance : streams.metadataForAllStreamsClients()) {
        ObjectNode node = all.addObject();
        node.put("endpoint", instance.host() + ":" + instance.port());
        node.put("this_instance", instance.hostInfo().equals(self));
        ArrayNode active = node.putArray("active_partitions");
        instance.topicPartitions().stream()
            .map(TopicPartition::toString)
            .sorted()
            .forEach(active::add);
        ArrayNode standby = node.putArray("standby_partitions");
        instance.standbyTopicPartitions().stream()
            .map(TopicPartition::toString)
            .sorted()
            .forEach(standby::add);
      }
      ObjectNode body = JSON.createObjectNode();
      body.put("state", streams.state().toString());
      body.set("instances", all);
      respond(exchange, 200, body);
    }
  }

  /**
   * Answers the request itself (and returns false) unless it is a GET by a known caller on a
   * running application.
   */
  private boolean admitted(HttpExchange exchange) throws IOException {
    if (!tokens.isEmpty()
        && tokens
            .caller(
                exchange.getRequestHeaders().getFirst("Authorization"),
                exchange.getRequestURI().getRawQuery())
            .isEmpty()) {
      exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
      respond(
          exchange, 401, error("a valid token is required (Authorization: Bearer, or ?token=)"));
      return false;
    }
    if (!"GET".equals(exchange.getRequestMethod())) {
      exchange.getResponseHeaders().set("Allow", "GET");
      respond(exchange, 405, error("use GET"));
      return false;
    }
    KafkaStreams running = streams;
    if (running == null || !running.state().isRunningOrRebalancing()) {
      retryLater(
          exchange,
          "the Streams application is " + (running == null ? "starting" : running.state()));
      return false;
    }
    return true;
  }

  static ObjectNode toJson(SubjectView view) {
    ObjectNode node = JSON.createObjectNode();
    node.put("subject", view.subject());
    node.put("kind", view.kind().name().toLowerCase(Locale.ROOT));
    node.put("posts", view.posts());
    putInstant(node, "last_seen", view.lastSeen());
    node.put("in_episode", view.inEpisode());
    ArrayNode horizons = node.putArray("horizons");
    for (SubjectView.Horizon horizon : view.horizons()) {
      ObjectNode h = horizons.addObject();
      h.put("width_seconds", horizon.widthSeconds());
      putInstant(h, "bucket_start", horizon.bucketStart());
      h.put("observed", horizon.observed());
      h.put("expected", Math.round(horizon.expected() * 1000) / 1000.0);
      h.put("buckets_learned", horizon.bucketsLearned());
      putInstant(h, "episode_start", horizon.episodeStart());
      h.put("gathered_posts", horizon.gatheredPosts());
      ArrayNode terms = h.putArray("top_terms");
      for (SubjectView.TermCount term : horizon.topTerms()) {
        terms.addObject().put("term", term.term()).put("posts", term.posts());
      }
    }
    return node;
  }

  private static void putInstant(ObjectNode node, String field, Instant instant) {
    if (instant == null) {
      node.putNull(field);
    } else {
      node.put(field, instant.toString());
    }
  }

  private static ObjectNode error(String message) {
    return JSON.createObjectNode().put("error", message);
  }

  private static void retryLater(HttpExchange exchange, String why) throws IOException {
    exchange.getResponseHeaders().set("Retry-After", "2");
    respond(exchange, 503, error(why));
  }

  private static void respond(HttpExchange exchange, int status, ObjectNode body)
      throws IOException {
    respond(exchange, status, JSON.writeValueAsBytes(body));
  }

  private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      exchange.getResponseBody().write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
