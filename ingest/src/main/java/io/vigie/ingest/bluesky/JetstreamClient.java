package io.vigie.ingest.bluesky;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigie.ingest.Backoff;
import io.vigie.ingest.json.InvalidPostException;
import io.vigie.ingest.publish.PostPublisher;
import io.vigie.ingest.publish.PostSink;
import io.vigie.schema.Post;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows Bluesky's Jetstream over a WebSocket, asking only for {@code app.bsky.feed.post}. Each
 * message is handled (published and acknowledged by Kafka, or dead-lettered) before the next is
 * requested, so Kafka's pace is the stream's pace. The cursor ({@code time_us} of the last handled
 * event) is saved to a file and sent back on reconnect, minus a few seconds as Jetstream advises
 * for a gapless resume; the overlap is harmless because post keys are idempotent. Reconnects with
 * exponential backoff.
 */
public final class JetstreamClient implements Runnable, AutoCloseable {

  /** Where to connect and where to keep the cursor. */
  public record Settings(
      URI endpoint,
      Path cursorFile,
      Duration rewind,
      Duration initialBackoff,
      Duration maxBackoff) {}

  static final String STAGE = "ingest.bluesky";
  private static final Logger log = LoggerFactory.getLogger(JetstreamClient.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Settings settings;
  private final HttpClient http;
  private final PostSink sink;
  private final Clock clock;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong reconnects = new AtomicLong();
  private volatile long cursor = -1;
  private volatile long savedCursor = -1;
  private volatile WebSocket socket;

  public JetstreamClient(Settings settings, HttpClient http, PostSink sink, Clock clock)
      throws IOException {
    this.settings = settings;
    this.http = http;
    this.sink = sink;
    this.clock = clock;
    if (Files.isRegularFile(settings.cursorFile())) {
      cursor = Long.parseLong(Files.readString(settings.cursorFile()).strip());
      savedCursor = cursor;
    }
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

  public long cursor() {
    return cursor;
  }

  /** The subscription URL: posts only, resuming a little before the saved cursor. */
  URI subscription() {
    String base = settings.endpoint().toString();
    String query = "wantedCollections=" + JetstreamEvents.POST_COLLECTION;
    if (cursor > 0) {
      query += "&cursor=" + Math.max(0, cursor - settings.rewind().toNanos() / 1000);
    }
    return URI.create(base + (base.contains("?") ? "&" : "?") + query);
  }

  @Override
  public void run() {
    Duration backoff = settings.initialBackoff();
    while (!closed.get()) {
      CompletableFuture<Void> ended = new CompletableFuture<>();
      long before = published.get() + refused.get();
      try {
        socket =
            http.newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(20))
                .buildAsync(subscription(), new Listener(ended))
                .get(30, TimeUnit.SECONDS);
        ended.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (ExecutionException | TimeoutException e) {
        log.warn(
            "Jetstream connection to {} failed: {}",
            settings.endpoint(),
            e.getCause() != null ? e.getCause().toString() : e.toString());
      }
      saveCursor();
      if (closed.get()) {
        return;
      }
      if (published.get() + refused.get() > before) {
        backoff = settings.initialBackoff();
      }
      reconnects.incrementAndGet();
      try {
        Thread.sleep(backoff.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      backoff = Backoff.next(backoff, settings.maxBackoff());
    }
  }

  private final class Listener implements WebSocket.Listener {
    private final CompletableFuture<Void> ended;
    private final StringBuilder message = new StringBuilder();

    Listener(CompletableFuture<Void> ended) {
      this.ended = ended;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
      log.info("Following Jetstream {}", subscription());
      webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      message.append(data);
      if (last) {
        String text = message.toString();
        message.setLength(0);
        try {
          handle(text);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          ended.complete(null);
          return null;
        }
      }
      if (!closed.get()) {
        webSocket.request(1);
      }
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      log.info("Jetstream closed the connection ({} {})", statusCode, reason);
      ended.complete(null);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      log.warn("Jetstream connection lost: {}", error.toString());
      ended.complete(null);
    }
  }

  private void handle(String text) throws InterruptedException {
    JsonNode event;
    try {
      event = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      refuse(text.getBytes(StandardCharsets.UTF_8), "MalformedJson", e.getOriginalMessage());
      return;
    }
    Optional<Long> position = JetstreamEvents.cursor(event);
    try {
      Optional<Post> post = JetstreamEvents.toPost(event, clock.instant());
      if (post.isPresent()) {
        Optional<String> problem = sink.problem(post.get());
        if (problem.isPresent()) {
          refuse(text.getBytes(StandardCharsets.UTF_8), "InvalidPost", problem.get());
        } else {
          publishUntilAcknowledged(post.get());
        }
      }
    } catch (InvalidPostException e) {
      refuse(text.getBytes(StandardCharsets.UTF_8), "InvalidPost", e.getMessage());
    }
    position.ifPresent(p -> cursor = p);
    if (cursor > 0 && cursor - savedCursor > 1_000_000) {
      saveCursor(); // at most about once a second of stream time
    }
  }

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
      refuse(
          sink.encode(post),
          cause[0].getClass().getSimpleName(),
          String.valueOf(cause[0].getMessage()));
    }
  }

  private void refuse(byte[] original, String errorClass, String reason)
      throws InterruptedException {
    refused.incrementAndGet();
    try {
      sink.refuse(
              STAGE,
              null,
              original,
              errorClass,
              reason,
              Map.of("endpoint", settings.endpoint().toString()))
          .get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      log.error("Cannot write to the ingest dead-letter topic: {}", e.toString());
    }
  }

  private synchronized void saveCursor() {
    if (cursor <= 0 || cursor == savedCursor) {
      return;
    }
    try {
      Files.createDirectories(settings.cursorFile().toAbsolutePath().getParent());
      Path partial =
          settings.cursorFile().resolveSibling(settings.cursorFile().getFileName() + ".tmp");
      Files.writeString(partial, Long.toString(cursor));
      Files.move(
          partial,
          settings.cursorFile(),
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
      savedCursor = cursor;
    } catch (IOException e) {
      log.error("Cannot save the Jetstream cursor to {}: {}", settings.cursorFile(), e.toString());
    }
  }

  @Override
  public void close() {
    closed.set(true);
    WebSocket open = socket;
    if (open != null) {
      open.abort();
    }
    saveCursor();
  }
}
