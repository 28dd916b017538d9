package io.vigie.ingest.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void shouldAllowTheBurstThenAskToWaitForTheNextToken() {
    RateLimiter limiter = new RateLimiter(2, 3, 100);

    assertThat(limiter.acquire("a", 0)).isEmpty();
    assertThat(limiter.acquire("a", 0)).isEmpty();
    assertThat(limiter.acquire("a", 0)).isEmpty();
    assertThat(limiter.acquire("a", 0)).contains(Duration.ofMillis(500));
    assertThat(limiter.acquire("a", SECOND / 2)).isEmpty();
    assertThat(limiter.acquire("b", 0)).as("clients have buckets of their own").isEmpty();
  }

  @Test
  void shouldNotPunishACallerWhoseClockReadingArrivesLate() {
    RateLimiter limiter = new RateLimiter(1e9, 1_000_000, 100);

    assertThat(limiter.acquire("a", 10 * SECOND)).isEmpty();
    // Read the clock before the previous caller, took the lock after it.
    assertThat(limiter.acquire("a", 10 * SECOND - 2_000_000)).isEmpty();
  }
}
