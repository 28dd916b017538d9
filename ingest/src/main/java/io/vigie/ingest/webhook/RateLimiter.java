package io.vigie.ingest.webhook;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A token bucket per client: {@code burst} requests at once, refilled at {@code perSecond}. Bounded
 * to the most recently seen clients, so that a flood of new addresses cannot grow it without end.
 */
final class RateLimiter {

  private record Bucket(double tokens, long at) {}

  private final double perSecond;
  private final int burst;
  private final Map<String, Bucket> buckets;

  RateLimiter(double perSecond, int burst, int maxClients) {
    this.perSecond = perSecond;
    this.burst = burst;
    this.buckets =
        new LinkedHashMap<>(64, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
            return size() > maxClients;
          }
        };
  }

  /** Empty when the request may go on; otherwise how long the client should wait. */
  synchronized Optional<Duration> acquire(String client, long nowNanos) {
    Bucket bucket = buckets.get(client);
    // Callers read the clock before taking the lock: a later caller may arrive with an earlier
    // time.
    long elapsed = bucket == null ? 0 : Math.max(0, nowNanos - bucket.at());
    nowNanos = bucket == null ? nowNanos : Math.max(nowNanos, bucket.at());
    double tokens =
        bucket == null ? burst : Math.min(burst, bucket.tokens() + elapsed / 1e9 * perSecond);
    if (tokens >= 1) {
      buckets.put(client, new Bucket(tokens - 1, nowNanos));
      return Optional.empty();
    }
    buckets.put(client, new Bucket(tokens, nowNanos));
    return Optional.of(Duration.ofMillis((long) Math.ceil((1 - tokens) / perSecond * 1000)));
  }
}
