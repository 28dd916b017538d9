package io.vigie.ingest.mastodon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigie.ingest.Backoff;
import io.vigie.ingest.json.InvalidPostException;
import io.vigie.ingest.publish.PostPublisher;
import io.vigie.ingest.publish.RefusedPosts;
import io.vigie.schema.Post;
import io.vigie.schema.validation.PostValidator;
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
import java.util.Map;
import java.util.Optional;
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
 * dead-letter topic. When the stream ends or fails, it reconnects with exponential backoff; the
 * streaming API has no resume cursor, so statuses published while disconnected are not seen, and
 * the reconnect count says how often that happened. A refused access token (401, 403) stops it.
 */
public final class MastodonStream implements Runnable, AutoCloseable {

  /** Which server and timeline to follow. */
  public record Settings(
      URI streamingBase,
      String timeline,
      Optional<String> hashtag,
      Optional<String> accessToken,
      Duration initialBackoff,
      Duration maxBackoff) {

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
  }

  static final String STAGE = "ingest.mastodon";
  private static final Logger log = LoggerFactory.getLogger(MastodonStream.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Settings settings;
  private final HttpClient http;
  private final PostPublisher publisher;
  private final RefusedPosts refusals;
  private final PostValidator validator;
  private final Clock clock;
  private final String server;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicReference<InputStream> open = new AtomicReference<>();
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong reconnects = new AtomicLong();
  private volatile String fatal;

  public MastodonStream(
      Settings settings,
      HttpClient http,
      PostPublisher publisher,
      RefusedPosts refusals,
      PostValidator validator,
      Clock clock) {
    this.settings = settings;
    this.http = http;
    this.publisher = publisher;
    this.refusals = refusals;
    this.validator = validator;
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
    Post post;
    try {
      post = MastodonStatuses.toPost(JSON.readTree(data), server, clock.instant());
      Optional<String> problem = validator.problem(post);
      if (problem.isPresent()) {
        throw new InvalidPostException(problem.get());
      }
    } catch (JsonProcessingException | InvalidPostException e) {
      refused.incrementAndGet();
      awaitQuietly(
          refusals.refuse(
              STAGE,
              null,
              data.getBytes(StandardCharsets.UTF_8),
              e.getClass().getSimpleName(),
              e.getMessage(),
              Map.of("stream", settings.url().toString())));
      return;
    }
    publishUntilAcknowledged(post);
  }

  /**
   * The stream waits while Kafka is away: nothing read is lost, the server buffers or drops on its
   * side.
   */
  private void publishUntilAcknowledged(Post post) throws InterruptedException {
    Throwable[] cause = new Throwable[1];
    PostPublisher.Delivery delivery =
        publisher.publishUntilAcknowledged(
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
          refusals.refuse(
              STAGE,
              post.getSource() + ":" + post.getId(),
              publisher.encode(post),
              cause[0].getClass().getSimpleName(),
              String.valueOf(cause[0].getMessage()),
              Map.of("stream", settings.url().toString())));
    }
  }

  private static void awaitQuietly(java.util.concurrent.CompletableFuture<?> future)
      throws InterruptedException {
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
