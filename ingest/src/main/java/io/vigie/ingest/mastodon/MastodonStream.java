package io.vigie.ingest.mastodon;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigie.ingest.Backoff;
import io.vigie.ingest.json.InvalidPostException;
import io.vigie.ingest.publish.PostPublisher;
import io.vigie.ingest.publish.PostSink;
import io.vigie.schema.Post;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a Mastodon server's streaming API (https://docs.joinmastodon.org/methods/streaming/) over
 * server-sent events: the public, local or hashtag timeline. Each {@code update} event's status is
 * published to the raw topic, and the next event is read only once Kafka acknowledged it (retried
 * with backoff while Kafka is away). Statuses that do not map to a valid post go to the ingest
 * dead-letter topic. When the stream ends or fails, it reconnects with exponential backoff. The
 * streaming API has no resume cursor, so before reconnecting it catches up through the REST
 * timeline (https://docs.joinmastodon.org/methods/timelines/) from the last status it saw, paging
 * forward with {@code min_id}, at most {@code maxBackfillPages} pages of 40; statuses posted during
 * the reconnection itself may come twice (same key: the dedup topology drops the second). A refused
 * access token (401, 403) stops it.
 */
public final class MastodonStream implements Runnable, AutoCloseable {

  /**
   * Which server and timeline to follow: {@code streamingBase} serves the streaming API, {@code
   * apiBase} the REST API (the same host on most servers; see {@code streaming_api} in {@code
   * /api/v1/instance}).
   */
  public record Settings(
      URI streamingBase,
      URI apiBase,
      String timeline,
      Optional<String> hashtag,
      Optional<String> accessToken,
      Duration initialBackoff,
      Duration maxBackoff,
      int maxBackfillPages) {

    /**
     * The timeline's URL: {@code public}, {@code public/local}, {@code hashtag} or {@code
     * hashtag/local}.
     */
    URI url() {
      String base = streamingBase.toString().replaceAll("/+$", "");
      String query =
          hashtag.map(tag -> "?tag=" + URLEncoder.encode(tag, StandardCharsets.UTF_8)).orElse("");
      return URI.create(base + "/api/v1/streaming/" + timeline + query);
    }

    /**
     * The REST timeline holding the same statuses, with statuses newer than {@code minId}; empty
     * for a stream that has none.
     */
    Optional<URI> backfillUrl(String minId) {
      String base = apiBase.toString().replaceAll("/+$", "") + "/api/v1/timelines/";
      String page = "limit=" + BACKFILL_PAGE + "&min_id=" + URLEncoder.encode(minId, UTF_8);
      String local = timeline.endsWith("/local") ? "&local=true" : "";
      return switch (timeline) {
        case "public", "public/local" -> Optional.of(URI.create(base + "public?" + page + local));
        case "hashtag", "hashtag/local" ->
            hashtag.map(
                tag ->
                    URI.create(
                        base
                            + "tag/"
                            + URLEncoder.encode(tag, UTF_8).replace("+", "%20")
                            + "?"
                            + page
                            + local));
        default -> Optional.empty();
      };
    }
  }

  static final int BACKFILL_PAGE = 40;

  static final String STAGE = "ingest.mastodon";
  private static final Logger log = LoggerFactory.getLogger(MastodonStream.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Settings settings;
  private final HttpClient http;
  private final PostSink sink;
  private final Clock clock;
  private final String server;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicReference<InputStream> open = new AtomicReference<>();
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong reconnects = new AtomicLong();
  private final AtomicLong backfilled = new AtomicLong();
  private volatile String lastSeenId;
  private volatile String fatal;

  public MastodonStream(Settings settings, HttpClient http, PostSink sink, Clock clock) {
    this.settings = settings;
    this.http = http;
    this.sink = sink;
    this.clock = clock;
    this.server = settings.streamingBase().getHost();
  }

  public long published() {
    return published.get();
  }

  public long refused() {
    return refused.get();
  }

  public long reconnects() {
    return reconnects.get();
  }

  /** Statuses caught up through the REST timeline after a reconnection. */
  public long backfilled() {
    return backfilled.get();
  }

  /** Why the stream gave up for good, if it did. */
  public Optional<String> fatalError() {
    return Optional.ofNullable(fatal);
  }

  @Override
  public void run() {
    Duration backoff = settings.initialBackoff();
    while (!closed.get()) {
      try {
        if (follow()) {
          backoff = settings.initialBackoff(); // it worked for a while: start the backoff over
        }
      } catch (IOException e) {
        log.warn("Mastodon stream {} failed: {}", settings.url(), e.toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (closed.get() || fatal != null) {
        return;
      }
      reconnects.incrementAndGet();
      log.info("Reconnecting to {} in {}", settings.url(), backoff);
      if (!sleep(backoff)) {
        return;
      }
      backoff = Backoff.next(backoff, settings.maxBackoff());
      try {
        backfill();
      } catch (IOException e) {
        log.warn("Mastodon backfill from {} failed: {}", lastSeenId, e.toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Reads one connection until it ends; true if at least one event came through. */
  private boolean follow() throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(settings.url()).header("Accept", "text/event-stream").GET();
    settings.accessToken().ifPresent(token -> request.header("Authorization", "Bearer " + token));
    HttpResponse<InputStream> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    if (response.statusCode() == 401 || response.statusCode() == 403) {
      response.body().close();
      fatal =
          "the server refused the access token (HTTP "
              + response.statusCode()
              + "); public timelines may need one";
      log.error("Mastodon stream {}: {}", settings.url(), fatal);
      return false;
    }
    if (response.statusCode() != 200) {
      response.body().close();
      throw new IOException("HTTP " + response.statusCode());
    }
    open.set(response.body());
    boolean any = false;
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      String event = null;
      StringBuilder data = new StringBuilder();
      for (String line; !closed.get() && (line = lines.readLine()) != null; ) {
        if (line.isEmpty()) {
          if (event != null || data.length() > 0) {
            any = true;
            dispatch(event == null ? "message" : event, data.toString());
          }
          event = null;
          data.setLength(0);
        } else if (line.startsWith(":")) {
          continue; // heartbeat comment
        } else if (line.startsWith("event:")) {
          event = line.substring(6).strip();
        } else if (line.startsWith("data:")) {
          if (data.length() > 0) {
            data.append('\n');
          }
          data.append(line.substring(5).startsWith(" ") ? line.substring(6) : line.substring(5));
        }
      }
    } catch (IOException e) {
      if (!closed.get()) {
        throw e;
      }
    } finally {
      open.set(null);
    }
    return any;
  }

  private void dispatch(String event, String data) throws InterruptedException {
    if (!event.equals("update")) {
      return; // delete, notification, status.update, filters_changed: not new posts
    }
    JsonNode status;
    try {
      status = JSON.readTree(data);
    } catch (JsonProcessingException e) {
      refuse(data, e);
      return;
    }
    handle(status, data);
  }

  /** Publishes one Status entity, or dead-letters it with the reason. */
  private void handle(JsonNode status, String raw) throws InterruptedException {
    if (status.path("id").isTextual()) {
      lastSeenId = newer(lastSeenId, status.get("id").asText());
    }
    Post post;
    try {
      post = MastodonStatuses.toPost(status, server, clock.instant());
      Optional<String> problem = sink.problem(post);
      if (problem.isPresent()) {
        throw new InvalidPostException(problem.get());
      }
    } catch (InvalidPostException e) {
      refuse(raw, e);
      return;
    }
    publishUntilAcknowledged(post);
  }

  private void refuse(String raw, Exception e) throws InterruptedException {
    refused.incrementAndGet();
    awaitQuietly(
        sink.refuse(
            STAGE,
            null,
            raw.getBytes(StandardCharsets.UTF_8),
            e.getClass().getSimpleName(),
            e.getMessage(),
            Map.of("stream", settings.url().toString())));
  }

  /**
   * Catches up on the statuses posted since the last one seen, oldest first, through the REST
   * timeline. Best effort: a failure is logged and the stream resumes anyway.
   */
  private void backfill() throws IOException, InterruptedException {
    for (int page = 0; page < settings.maxBackfillPages() && lastSeenId != null; page++) {
      Optional<URI> url = settings.backfillUrl(lastSeenId);
      if (url.isEmpty() || closed.get()) {
        return;
      }
      HttpRequest.Builder request =
          HttpRequest.newBuilder(url.get()).header("Accept", "application/json").GET();
      settings.accessToken().ifPresent(token -> request.header("Authorization", "Bearer " + token));
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString(UTF_8));
      if (response.statusCode() != 200) {
        throw new IOException("HTTP " + response.statusCode() + " from " + url.get());
      }
      JsonNode statuses = JSON.readTree(response.body());
      if (!statuses.isArray() || statuses.isEmpty()) {
        return;
      }
      List<JsonNode> oldestFirst = new ArrayList<>();
      statuses.forEach(oldestFirst::add);
      oldestFirst.sort((x, y) -> compareIds(x.path("id").asText(""), y.path("id").asText("")));
      for (JsonNode status : oldestFirst) {
        handle(status, JSON.writeValueAsString(status));
        backfilled.incrementAndGet();
      }
      if (statuses.size() < BACKFILL_PAGE) {
        return;
      }
    }
  }

  /**
   * Mastodon ids are strings, but numeric and increasing in practice: compare them as numbers of
   * any length (shorter is older), then as text.
   */
  static int compareIds(String a, String b) {
    return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
  }

  private static String newer(String current, String candidate) {
    return current == null || compareIds(candidate, current) > 0 ? candidate : current;
  }

  /**
   * The stream waits while Kafka is away: nothing read is lost, the server buffers or drops on its
   * side.
   */
  private void publishUntilAcknowledged(Post post) throws InterruptedException {
    Throwable[] cause = new Throwable[1];
    PostPublisher.Delivery delivery =
        sink.publishUntilAcknowledged(
            post,
            settings.initialBackoff(),
            settings.maxBackoff(),
            closed::get,
            error -> cause[0] = error);
    if (delivery == PostPublisher.Delivery.ACKNOWLEDGED) {
      published.incrementAndGet();
    } else if (delivery == PostPublisher.Delivery.REFUSED) {
      refused.incrementAndGet();
      awaitQuietly(
          sink.refuse(
              STAGE,
              post.getSource() + ":" + post.getId(),
              sink.encode(post),
              cause[0].getClass().getSimpleName(),
              String.valueOf(cause[0].getMessage()),
              Map.of("stream", settings.url().toString())));
    }
  }

  private static void awaitQuietly(CompletableFuture<?> future) throws InterruptedException {
    try {
      future.get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      log.error("Cannot write to the ingest dead-letter topic: {}", e.toString());
    }
  }

  private boolean sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
      return !closed.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public void close() {
    closed.set(true);
    InputStream stream = open.get();
    if (stream != null) {
      try {
        stream.close();
      } catch (IOException e) {
        // closing to unblock the reader
      }
    }
  }
}
