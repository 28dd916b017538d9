package io.vigie.streams.dispatch;

import io.vigie.schema.Alert;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A silence: alerts about a watch rule, a subject or one incident are not sent until {@code until},
 * as during a planned campaign or a known outage. Silenced versions are logged, not sent.
 */
public record Silence(
    Optional<String> watchRule,
    Optional<String> subject,
    Optional<String> alertId,
    Instant until,
    String reason) {

  public Silence {
    Objects.requireNonNull(until, "until");
    if (watchRule.isEmpty() && subject.isEmpty() && alertId.isEmpty()) {
      throw new IllegalArgumentException(
          "a silence names a watch_rule, a subject or an alert_id; one for everything is a stopped"
              + " dispatcher");
    }
    reason = reason == null ? "" : reason;
  }

  public boolean silences(Alert alert, Instant now) {
    return now.isBefore(until)
        && watchRule.map(alert.getWatchRuleIds()::contains).orElse(true)
        && subject.map(alert.getSubjectKeys()::contains).orElse(true)
        && alertId.map(alert.getId()::equals).orElse(true);
  }
}
