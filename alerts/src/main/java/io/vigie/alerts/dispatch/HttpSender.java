package io.vigie.alerts.dispatch;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * Posts a message to a receiver, retrying with exponential backoff while it fails in a way that may
 * pass: no connection, no answer within the timeout, 408, 429 (waiting at least its {@code
 * Retry-After}) and 5xx. Other 4xx answers are final: the receiver refuses this message. Headers
 * are computed per attempt, so a signature can carry the attempt's own timestamp.
 */
public final class HttpSender {

  /** Waits between attempts; tests pass one that does not sleep. */
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  /** What happened: delivered or not, after how many attempts, and the last answer. */
  public record Result(boolean delivered, int attempts, String detail) {}

  private final HttpClient client;
  private final Duration timeout;
  private final int maxAttempts;
  private final Duration firstBackoff;
  private final Duration maxBackoff;
  private final Sleeper sleeper;

  public HttpSender(
      HttpClient client,
      Duration timeout,
      int maxAttempts,
      Duration firstBackoff,
      Duration maxBackoff,
      Sleeper sleeper) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
    this.client = client;
    this.timeout = timeout;
    this.maxAttempts = maxAttempts;
    this.firstBackoff = firstBackoff;
    this.maxBackoff = maxBackoff;
    this.sleeper = sleeper;
  }

  /**
   * Sends {@code body} as JSON to {@code url}.
   *
   * @param headers the headers of attempt {@code n} (1-based)
   */
  public Result send(URI url, IntFunction<Map<String, String>> headers, byte[] body)
      throws InterruptedException {
    Duration backoff = firstBackoff;
    String detail = "";
    for (int attempt = 1; ; attempt++) {
      Optional<Duration> retryAfter = Optional.empty();
      try {
        HttpRequest.Builder request =
            HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "Vigie")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.apply(attempt).forEach(request::header);
        HttpResponse<String> response =
            client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        detail = "HTTP " + status + answer(response.body());
        if (status >= 200 && status < 300) {
          return new Result(true, attempt, detail);
        }
        if (status != 408 && status != 429 && status < 500) {
          return new Result(false, attempt, detail); // refused for good
        }
        retryAfter = response.headers().firstValue("Retry-After").flatMap(HttpSender::seconds);
      } catch (IOException e) {
        detail =
            e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
      }
      if (attempt >= maxAttempts) {
        return new Result(false, attempt, detail);
      }
      Duration wait =
          retryAfter.isPresent() && retryAfter.get().compareTo(backoff) > 0
              ? retryAfter.get()
              : backoff;
      sleeper.sleep(wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait);
      backoff =
          backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
    }
  }

  private static Optional<Duration> seconds(String value) {
    try {
      return Optional.of(Duration.ofSeconds(Long.parseLong(value.strip())));
    } catch (NumberFormatException e) {
      return Optional.empty(); // an HTTP date: the backoff applies
    }
  }

  private static String answer(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    String one = body.strip().replaceAll("\\s+", " ");
    return ": " + (one.length() > 200 ? one.substring(0, 200) + "…" : one);
  }
}
