package io.vigie.alerts.dispatch;

import io.vigie.schema.Severity;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Objects;

/**
 * Hours when a route stays silent below a severity, in the route's own time zone: from 22:00 to
 * 07:00 in Europe/Paris, only HIGH and above page. A window may cross midnight.
 */
public record QuietHours(LocalTime from, LocalTime to, ZoneId zone, Severity unlessAtLeast) {

  public QuietHours {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(unlessAtLeast, "unlessAtLeast");
  }

  /** Whether an alert of {@code severity} must stay silent at {@code now}. */
  public boolean silences(Severity severity, Instant now) {
    if (severity.ordinal() >= unlessAtLeast.ordinal()) {
      return false;
    }
    LocalTime local = now.atZone(zone).toLocalTime();
    return from.isBefore(to)
        ? !local.isBefore(from) && local.isBefore(to)
        : !local.isBefore(from) || local.isBefore(to);
  }
}
