package io.vigie.ingest.feeds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigie.ingest.publish.PostSink;
import io.vigie.schema.Author;
import io.vigie.schema.Post;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls one RSS or Atom feed: conditional GET (ETag, Last-Modified), new entries published, entries
 * already seen skipped across polls and restarts (the seen ids, ETag and Last-Modified live in a
 * state file, saved only once Kafka acknowledged every new entry), and a backoff that doubles after
 * each failure up to a maximum, honouring Retry-After. Entries older than the topic retention are
 * skipped and counted rather than published (Kafka would delete them at once).
 */
public final class FeedPoller {

  /**
   * The result of one poll: HTTP status (0 when the request failed), entries and the wait before
   * the next poll.
   */
  public record Outcome(
      int status, int newEntries, int published, int refused, int tooOld, Duration nextPollIn) {}

  public static final String SOURCE = "rss";
  static final String STAGE = "ingest.feeds";
  private static final Logger log = LoggerFactory.getLogger(FeedPoller.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int REMEMBERED_IDS = 5000;

  private final URI url;
  private final Path stateFile;
  private final HttpClient http;
  private final PostSink sink;
  private final Clock clock;
  private final Duration interval;
  private final Duration maxBackoff;
  private final Optional<Duration> maxAge;
  private String etag;
  private String lastModified;
  private final LinkedHashSet<String> seen = new LinkedHashSet<>();
  private int failures;

  public FeedPoller(
      URI url,
      Path stateFile,
      HttpClient http,
      PostSink sink,
      Optional<Duration> maxAge,
      Clock clock,
      Duration interval,
      Duration maxBackoff)
      throws IOException {
    this.url = url;
    this.stateFile = stateFile;
    this.http = http;
    this.sink = sink;
    this.maxAge = maxAge;
    this.clock = clock;
    this.interval = interval;
    this.maxBackoff = maxBackoff;
    load();
  }

  public URI url() {
    return url;
  }

  public Outcome pollOnce() throws InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(url)
            .timeout(Duration.ofSeconds(30))
            .header(
                "Accept",
                "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5")
            .GET();
    if (etag != null) {
      request.header("If-None-Match", etag);
    }
    if (lastModified != null) {
      request.header("If-Modified-Since", lastModified);
    }
    HttpResponse<byte[]> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      log.warn("Feed {} unreachable: {}", url, e.toString());
      return failed(0, Optional.empty());
    }
    if (response.statusCode() == 304) {
      failures = 0;
      return new Outcome(304, 0, 0, 0, 0, interval);
    }
    if (response.statusCode() != 200) {
      log.warn("Feed {} answered HTTP {}", url, response.statusCode());
      return failed(
          response.statusCode(),
          response.headers().firstValue("Retry-After").flatMap(FeedPoller::seconds));
    }
    List<FeedEntry> entries;
    try {
      entries = FeedParser.parse(response.body());
    } catch (IOException e) {
      log.warn("Feed {} is not a feed: {}", url, e.getMessage());
      return failed(200, Optional.empty());
    }
    List<FeedEntry> fresh = entries.stream().filter(e -> !seen.contains(e.id())).toList();
    int published = 0;
    int refused = 0;
    int tooOld = 0;
    List<CompletableFuture<?>> pending = new ArrayList<>();
    Instant now = clock.instant();
    for (FeedEntry entry : fresh) {
      Post post = toPost(entry, now);
      if (maxAge.isPresent() && post.getCreatedAt().isBefore(now.minus(maxAge.get()))) {
        tooOld++;
        continue;
      }
      Optional<String> problem = sink.problem(post);
      if (problem.isPresent()) {
        refused++;
        pending.add(
            sink.refuse(
                STAGE,
                post.getSource() + ":" + post.getId(),
                sink.encode(post),
                "InvalidPost",
                problem.get(),
                Map.of("feed", url.toString())));
      } else {
        published++;
        pending.add(sink.publish(post));
      }
    }
    try {
      CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      log.warn(
          "Kafka did not acknowledge entries of {}; the feed will be fetched again: {}",
          url,
          e.toString());
      return failed(200, Optional.empty());
    }
    fresh.forEach(e -> seen.add(e.id()));
    while (seen.size() > REMEMBERED_IDS) {
      seen.remove(seen.iterator().next());
    }
    etag = response.headers().firstValue("ETag").orElse(null);
    lastModified = response.headers().firstValue("Last-Modified").orElse(null);
    failures = 0;
    save();
    return new Outcome(200, fresh.size(), published, refused, tooOld, interval);
  }

  private Outcome failed(int status, Optional<Duration> retryAfter) {
    failures++;
    Duration backoff = interval.multipliedBy(1L << Math.min(failures, 16));
    Duration wait = backoff.compareTo(maxBackoff) > 0 ? maxBackoff : backoff;
    if (retryAfter.isPresent() && retryAfter.get().compareTo(wait) > 0) {
      wait = retryAfter.get();
    }
    return new Outcome(status, 0, 0, 0, 0, wait);
  }

  /**
   * An entry as a post: id from the entry's own id (hashed when long), title and text as the post's
   * text.
   */
  Post toPost(FeedEntry entry, Instant now) {
    String id = entry.id().length() <= 200 ? entry.id() : sha256(entry.id());
    String text =
        entry.title().isEmpty()
            ? entry.text()
            : entry.text().isEmpty() || entry.text().equals(entry.title())
                ? entry.title()
                : entry.title() + "\n\n" + entry.text();
    Post.Builder post =
        Post.newBuilder()
            .setSource(SOURCE)
            .setId(id)
            .setText(text.length() > 100_000 ? text.substring(0, 100_000) : text)
            .setCreatedAt(entry.published().orElse(now))
            .setIngestedAt(now)
            .setUrl(entry.link().orElse(null))
            .setAttributes(Map.of("feed", url.toString()));
    entry
        .author()
        .ifPresent(
            name ->
                post.setAuthor(
                    Author.newBuilder()
                        .setDisplayName(name)
                        .setId(url.getHost() + "/" + name)
                        .build()));
    return post.build();
  }

  private void load() throws IOException {
    if (!Files.isRegularFile(stateFile)) {
      return;
    }
    JsonNode state = JSON.readTree(stateFile.toFile());
    etag = state.path("etag").isTextual() ? state.get("etag").asText() : null;
    lastModified =
        state.path("last_modified").isTextual() ? state.get("last_modified").asText() : null;
    state.path("seen").forEach(id -> seen.add(id.asText()));
  }

  private void save() {
    ObjectNode state =
        JSON.createObjectNode()
            .put("feed", url.toString())
            .put("etag", etag)
            .put("last_modified", lastModified);
    seen.forEach(state.putArray("seen")::add);
    try {
      Files.createDirectories(stateFile.getParent());
      Path partial = stateFile.resolveSibling(stateFile.getFileName() + ".tmp");
      Files.write(partial, JSON.writeValueAsBytes(state));
      Files.move(
          partial, stateFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      log.error("Cannot save the state of {} to {}: {}", url, stateFile, e.toString());
    }
  }

  /** The state file of a feed inside {@code folder}, named after its URL. */
  public static Path stateFileIn(Path folder, URI url) {
    return folder.resolve(sha256(url.toString()).substring(0, 16) + ".json");
  }

  private static Optional<Duration> seconds(String value) {
    try {
      return Optional.of(Duration.ofSeconds(Long.parseLong(value.strip())));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static String sha256(String value) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
