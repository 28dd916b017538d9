package io.vigie.alerts.dispatch;

import io.vigie.schema.Alert;
import io.vigie.schema.AlertSilence;
import io.vigie.schema.Severity;
import io.vigie.schema.SignalKind;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A silence: alert versions it matches are not sent between {@code startsAt} and {@code endsAt}
 * (exclusive), as during a planned campaign or a known outage; they are logged {@code SILENCED}.
 * Matchers left empty match anything, and at least one is set: a silence of everything is a stopped
 * dispatcher. Silences come from the routes file, or are set at run time through the alert API
 * (then kept in the silences topic as {@link AlertSilence}). Pure: no clock, no Kafka.
 *
 * @param watchRule the alert's watch rules include it
 * @param subject the alert's subjects include it
 * @param alertId the alert is this incident
 * @param route only deliveries to this route are silenced
 * @param kind the alert is of this kind
 * @param severity the alert's severity is this one or lower (a silence of LOW noise still lets a
 *     HIGH alert through)
 * @param removedBy who removed it before its end (its {@code endsAt} is then the removal time)
 */
public record Silence(
    String id,
    Optional<String> watchRule,
    Optional<String> subject,
    Optional<String> alertId,
    Optional<String> route,
    Optional<SignalKind> kind,
    Optional<Severity> severity,
    Instant startsAt,
    Instant endsAt,
    String createdBy,
    Instant createdAt,
    String comment,
    Optional<String> removedBy) {

  /** Where a silence is in its life at a given time. */
  public enum State {
    /** Not started yet. */
    PENDING,
    /** Muting what it matches. */
    ACTIVE,
    /** Over: ended or removed; it mutes nothing and stays listed. */
    EXPIRED
  }

  private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,9})([smhd])");

  public Silence {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(startsAt, "startsAt");
    Objects.requireNonNull(endsAt, "endsAt");
    Objects.requireNonNull(createdBy, "createdBy");
    Objects.requireNonNull(createdAt, "createdAt");
    if (watchRule.isEmpty()
        && subject.isEmpty()
        && alertId.isEmpty()
        && route.isEmpty()
        && kind.isEmpty()
        && severity.isEmpty()) {
      throw new IllegalArgumentException(
          "a silence names at least one of watch_rule, subject, alert_id, route, kind or severity;"
              + " one for everything is a stopped dispatcher");
    }
    comment = comment == null ? "" : comment;
  }

  /**
   * A silence of the routes file: from the beginning of time until {@code until}, for a watch rule,
   * a subject or an incident.
   */
  public Silence(
      Optional<String> watchRule,
      Optional<String> subject,
      Optional<String> alertId,
      Instant until,
      String reason) {
    this(
        "routes-file",
        watchRule,
        subject,
        alertId,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Instant.EPOCH,
        until,
        "routes file",
        Instant.EPOCH,
        reason,
        Optional.empty());
  }

  public State state(Instant now) {
    if (!now.isBefore(endsAt)) {
      return State.EXPIRED;
    }
    return now.isBefore(startsAt) ? State.PENDING : State.ACTIVE;
  }

  /** Whether this silence mutes the delivery of {@code alert} to {@code deliveryRoute} now. */
  public boolean silences(String deliveryRoute, Alert alert, Instant now) {
    return state(now) == State.ACTIVE
        && watchRule.map(alert.getWatchRuleIds()::contains).orElse(true)
        && subject.map(alert.getSubjectKeys()::contains).orElse(true)
        && alertId.map(alert.getId()::equals).orElse(true)
        && route.map(deliveryRoute::equals).orElse(true)
        && kind.map(k -> k == alert.getKind()).orElse(true)
        && severity.map(s -> alert.getSeverity().ordinal() <= s.ordinal()).orElse(true);
  }

  /**
   * The same silence ended at {@code now} by {@code by}; one already over is returned unchanged. A
   * silence is only ever shortened, so of two states of one silence the earlier end is the newer.
   */
  public Silence removed(String by, Instant now) {
    if (state(now) == State.EXPIRED) {
      return this;
    }
    return new Silence(
        id,
        watchRule,
        subject,
        alertId,
        route,
        kind,
        severity,
        startsAt,
        now,
        createdBy,
        createdAt,
        comment,
        Optional.of(by));
  }

  /** Its matchers in words, as {@code watch_rule=acme route=oncall}. */
  public String matchers() {
    List<String> parts = new ArrayList<>();
    watchRule.ifPresent(v -> parts.add("watch_rule=" + v));
    subject.ifPresent(v -> parts.add("subject=" + v));
    alertId.ifPresent(v -> parts.add("alert_id=" + v));
    route.ifPresent(v -> parts.add("route=" + v));
    kind.ifPresent(v -> parts.add("kind=" + v));
    severity.ifPresent(v -> parts.add("severity<=" + v));
    return String.join(" ", parts);
  }

  /**
   * A duration as people type it: {@code 90m}, {@code 2h}, {@code 1d}, {@code 30s}, or ISO-8601
   * ({@code PT2H}, {@code P1D}).
   *
   * @throws IllegalArgumentException when it is neither, or not positive
   */
  public static Duration parseDuration(String text) {
    String value = text.strip().toLowerCase(Locale.ROOT);
    Duration duration;
    Matcher short_ = SHORT_DURATION.matcher(value);
    if (short_.matches()) {
      long amount = Long.parseLong(short_.group(1));
      duration =
          switch (short_.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
          };
    } else {
      try {
        duration = Duration.parse(value.toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(
            "duration \"" + text + "\": expected 90m, 2h, 1d, 30s or ISO-8601 (PT2H)");
      }
    }
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("duration \"" + text + "\" must be positive");
    }
    return duration;
  }

  /** The silence held in the silences topic. */
  public static Silence of(AlertSilence record) {
    return new Silence(
        record.getId(),
        Optional.ofNullable(record.getWatchRule()),
        Optional.ofNullable(record.getSubject()),
        Optional.ofNullable(record.getAlertId()),
        Optional.ofNullable(record.getRoute()),
        Optional.ofNullable(record.getKind()),
        Optional.ofNullable(record.getSeverity()),
        record.getStartsAt(),
        record.getEndsAt(),
        record.getCreatedBy(),
        record.getCreatedAt(),
        record.getComment(),
        Optional.ofNullable(record.getRemovedBy()));
  }

  /** The record the silences topic holds. */
  public AlertSilence toRecord() {
    return AlertSilence.newBuilder()
        .setId(id)
        .setWatchRule(watchRule.orElse(null))
        .setSubject(subject.orElse(null))
        .setAlertId(alertId.orElse(null))
        .setRoute(route.orElse(null))
        .setKind(kind.orElse(null))
        .setSeverity(severity.orElse(null))
        .setStartsAt(startsAt)
        .setEndsAt(endsAt)
        .setCreatedBy(createdBy)
        .setCreatedAt(createdAt)
        .setComment(comment)
        .setRemovedBy(removedBy.orElse(null))
        .build();
  }
}
