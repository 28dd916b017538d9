package io.vigie.alerts.dispatch;

import io.vigie.schema.Alert;
import io.vigie.schema.AlertDelivery;
import io.vigie.schema.AlertStatus;
import io.vigie.schema.DeliveryOutcome;
import io.vigie.schema.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Whether one alert version pages one route: people are told when an incident opens, when it gets
 * worse, and when one they were told about ends; never twice about the same version, never about an
 * incident someone acknowledged until it ends, and never about what the route does not cover. Pure:
 * the dispatcher gives it what the route did last for the incident (its delivery log).
 */
public final class PagingPolicy {

  /** Why a version is sent. */
  public enum Reason {
    OPENED,
    ESCALATED,
    ENDED
  }

  /**
   * The decision for a version: send it (with its reason) or record why not.
   *
   * @param outcome {@link DeliveryOutcome#DELIVERED} for "send"; otherwise what is logged
   */
  public record Decision(DeliveryOutcome outcome, Optional<Reason> reason, String detail) {
    public boolean send() {
      return outcome == DeliveryOutcome.DELIVERED;
    }

    static Decision send(Reason reason) {
      return new Decision(DeliveryOutcome.DELIVERED, Optional.of(reason), reason.name());
    }

    static Decision not(DeliveryOutcome outcome, String detail) {
      return new Decision(outcome, Optional.empty(), detail);
    }
  }

  private PagingPolicy() {}

  /**
   * The decision, or empty when there is nothing to record: the route does not cover the alert, or
   * it already handled this version or a newer one (a replay, a redelivery).
   *
   * @param previous the route's last delivery-log entry for this incident, or null
   */
  public static Optional<Decision> decide(
      AlertRoute route, Alert alert, AlertDelivery previous, List<Silence> silences, Instant now) {
    if (!route.covers(alert)) {
      return Optional.empty();
    }
    if (previous != null && previous.getVersion() >= alert.getVersion()) {
      return Optional.empty();
    }
    boolean paged = previous != null && previous.getLastPagedVersion() != null;
    Reason reason;
    switch (alert.getStatus()) {
      case RESOLVED, FALSE_POSITIVE -> {
        if (!paged) {
          return Optional.of(Decision.not(DeliveryOutcome.NOT_PAGED, "ended, never paged"));
        }
        reason = Reason.ENDED;
      }
      case ACKNOWLEDGED -> {
        return Optional.of(
            Decision.not(DeliveryOutcome.NOT_PAGED, "acknowledged: updates no longer page"));
      }
      default -> {
        if (alert.getSeverity().ordinal() < route.minSeverity().ordinal()) {
          return Optional.of(
              Decision.not(DeliveryOutcome.NOT_PAGED, "below " + route.minSeverity()));
        }
        if (!paged) {
          reason = Reason.OPENED;
        } else if (alert.getSeverity().ordinal() > lastPagedSeverity(previous).ordinal()) {
          reason = Reason.ESCALATED;
        } else {
          return Optional.of(Decision.not(DeliveryOutcome.NOT_PAGED, "update, not worse"));
        }
      }
    }
    for (Silence silence : silences) {
      if (silence.silences(route.name(), alert, now)) {
        return Optional.of(
            Decision.not(
                DeliveryOutcome.SILENCED,
                "silenced by "
                    + silence.id()
                    + " ("
                    + silence.createdBy()
                    + ") until "
                    + silence.endsAt()
                    + ": "
                    + silence.comment()));
      }
    }
    if (reason != Reason.ENDED
        && route.quietHours().map(q -> q.silences(alert.getSeverity(), now)).orElse(false)) {
      return Optional.of(Decision.not(DeliveryOutcome.QUIET_HOURS, "quiet hours"));
    }
    return Optional.of(Decision.send(reason));
  }

  private static Severity lastPagedSeverity(AlertDelivery previous) {
    return previous.getLastPagedSeverity() == null
        ? Severity.UNKNOWN
        : previous.getLastPagedSeverity();
  }

  /** The delivery-log entry recording {@code outcome} for this version. */
  public static AlertDelivery record(
      AlertRoute route,
      Alert alert,
      AlertDelivery previous,
      DeliveryOutcome outcome,
      int attempts,
      String detail,
      Instant now) {
    boolean delivered = outcome == DeliveryOutcome.DELIVERED;
    return AlertDelivery.newBuilder()
        .setRoute(route.name())
        .setAlertId(alert.getId())
        .setVersion(alert.getVersion())
        .setSeverity(alert.getSeverity())
        .setStatus(alert.getStatus() == null ? AlertStatus.UNKNOWN : alert.getStatus())
        .setOutcome(outcome)
        .setLastPagedVersion(
            delivered
                ? Integer.valueOf(alert.getVersion())
                : previous == null ? null : previous.getLastPagedVersion())
        .setLastPagedSeverity(
            delivered
                ? alert.getSeverity()
                : previous == null ? null : previous.getLastPagedSeverity())
        .setAttempts(attempts)
        .setDetail(detail)
        .setAt(now)
        .build();
  }
}
