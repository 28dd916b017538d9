package io.vigie.indexer.retention;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.indexer.setup.IndexTemplates;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExpiredIndicesTest {

  private static final Instant NOW = Instant.parse("2026-12-06T21:00:00Z");
  private static final Instant LONG_AGO = Instant.parse("2020-01-01T00:00:00Z");
  private final ExpiredIndices rule =
      new ExpiredIndices(
          "vigie-",
          new IndexTemplates.Retention(
              Duration.ofDays(90), Duration.ofDays(365), Duration.ofDays(730)));

  @Test
  void shouldExpireAnIndexOnceItsMonthEndedAndItWasCreatedTheKindsRetentionAgo() {
    // November 2025 ended 2025-12-01; 365 days later is 2026-12-01, before now.
    assertThat(names(index("vigie-signals-2025.11", LONG_AGO)))
        .containsExactly("vigie-signals-2025.11");
    // December 2025 ends 2026-01-01: its last day is not yet a year old.
    assertThat(names(index("vigie-signals-2025.12", LONG_AGO))).isEmpty();
  }

  @Test
  void shouldGiveEachKindItsOwnRetentionAndTheAuditTrailTheAlerts() {
    List<ExpiredIndices.Expired> expired =
        rule.among(
            List.of(
                index("vigie-posts-2026.08", LONG_AGO),
                index("vigie-signals-2026.08", LONG_AGO),
                index("vigie-alerts-2025.08", LONG_AGO),
                index("vigie-alerts-2024.11", LONG_AGO),
                index("vigie-alert-actions-2025.08", LONG_AGO),
                index("vigie-alert-actions-2024.11", LONG_AGO)),
            NOW);

    assertThat(expired)
        .extracting(ExpiredIndices.Expired::index)
        .containsExactly(
            "vigie-alert-actions-2024.11", "vigie-alerts-2024.11", "vigie-posts-2026.08");
    assertThat(expired.get(2))
        .isEqualTo(
            new ExpiredIndices.Expired(
                "vigie-posts-2026.08",
                "posts",
                YearMonth.of(2026, 8),
                LONG_AGO,
                Duration.ofDays(90)));
  }

  @Test
  void shouldNeverExpireTheCurrentOrAFutureMonthWhateverItsCreationDate() {
    assertThat(
            names(
                index("vigie-posts-2026.12", LONG_AGO),
                index("vigie-signals-2027.03", LONG_AGO),
                index("vigie-alerts-2026.12", LONG_AGO)))
        .isEmpty();
  }

  @Test
  void shouldKeepAnOldMonthReplayedRecentlyUntilItsCreationIsPastRetention() {
    Instant replayed = NOW.minus(Duration.ofDays(30));

    assertThat(names(index("vigie-posts-2013.04", replayed))).isEmpty();
    assertThat(names(index("vigie-posts-2013.04", NOW.minus(Duration.ofDays(90)))))
        .containsExactly("vigie-posts-2013.04");
  }

  @Test
  void shouldLeaveIndicesALifecyclePolicyManagesOrItDidNotNameAlone() {
    assertThat(
            names(
                new ExpiredIndices.Index("vigie-posts-2013.04", LONG_AGO, true),
                index("vigie-posts-2013.04-000001", LONG_AGO),
                index("vigie-run1-posts-2013.04", LONG_AGO),
                index("other-posts-2013.04", LONG_AGO),
                index("vigie-posts-2013.13", LONG_AGO),
                index("vigie-posts-2013", LONG_AGO),
                index("vigie-dead-letters-2013.04", LONG_AGO)))
        .isEmpty();
  }

  @Test
  void shouldSearchOnePatternPerKind() {
    assertThat(rule.patterns())
        .containsExactly(
            "vigie-alert-actions-*", "vigie-alerts-*", "vigie-posts-*", "vigie-signals-*");
  }

  private List<String> names(ExpiredIndices.Index... indices) {
    return rule.among(List.of(indices), NOW).stream().map(ExpiredIndices.Expired::index).toList();
  }

  private static ExpiredIndices.Index index(String name, Instant created) {
    return new ExpiredIndices.Index(name, created, false);
  }
}
