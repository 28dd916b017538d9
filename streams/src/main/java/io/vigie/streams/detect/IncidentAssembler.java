package io.vigie.streams.detect;

import io.vigie.schema.Alert;
import io.vigie.schema.AlertAction;
import io.vigie.schema.AlertActionKind;
import io.vigie.schema.AlertStatus;
import io.vigie.schema.Severity;
import io.vigie.schema.Signal;
import io.vigie.schema.SignalPhase;
import io.vigie.schema.SubjectKey;
import io.vigie.schema.serde.AvroSerde;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Signals to incidents: related signals merge into one incident, so that one crisis pages people
 * once and the other keys become its evidence.
 *
 * <p>A signal joins the open incident it relates to most through something specific they share,
 * within the merge window: the same watch rule, the same near-duplicate cluster, the same subject,
 * or a term or hashtag that is not common (see {@link IncidentRelations}); the rest of an episode
 * follows its opening. {@code global} and the {@code crisis} vocabulary never link: one crisis must
 * not swallow the next. Otherwise it opens a new incident whose id is derived from the opening
 * signal's id, so that a replay gives the same ids. Every change people should see (a new subject
 * or kind, a stronger main signal, a higher severity, a resolution, a person's action) is a new
 * version of the incident's {@link Alert}; this class writes every version of an incident (ids
 * {@value #ID_PREFIX}...; the only other writer of the alerts topic, the watchdog, uses its own
 * namespace, {@code ops-}). An incident resolves once all its episodes have ended and no signal
 * arrived for the quiet period. An incident that ended (resolved, or marked a false positive) is
 * kept for {@link #REOPEN_WINDOW} after its last version, so that a person can reopen it; no signal
 * joins it meanwhile.
 */
public final class IncidentAssembler {

  /**
   * Every incident id starts with this; the watchdog's operational alerts, the other writer of the
   * alerts topic, start with {@code ops-}, so that the two cannot land on each other's alert.
   */
  public static final String ID_PREFIX = "inc-";

  private static final AvroSerde<Alert> ALERTS = AvroSerde.of(Alert.class);
  private static final AvroSerde<Signal> SIGNALS = AvroSerde.of(Signal.class);

  /**
   * How long after its last version an ended incident can still be reopened. The alert API refuses
   * a reopening after that (409), as this class would ignore it.
   */
  public static final Duration REOPEN_WINDOW = Duration.ofDays(7);

  private final DetectionSettings.Incidents settings;
  private final IncidentRelations relations;
  private final IncidentSeverity severity;
  private final IncidentVersions versions;
  private final Map<String, Incident> open = new LinkedHashMap<>();

  /** Ended incidents that can still be reopened, by id. */
  private final Map<String, Incident> ended = new LinkedHashMap<>();

  /** Ended incidents forgotten since the last {@link #forgotten()}, for the store to drop. */
  private final List<String> forgotten = new ArrayList<>();

  /** The latest event time seen, to restart a reopened incident's quiet period from. */
  private long eventTime = Long.MIN_VALUE;

  public IncidentAssembler(DetectionSettings.Incidents settings) {
    this.settings = settings;
    this.relations = new IncidentRelations(settings);
    this.severity = new IncidentSeverity(settings.paging());
    this.versions = new IncidentVersions(severity);
  }

  /** Incidents not yet resolved, in the order they opened. */
  public Collection<Alert> openAlerts() {
    return open.values().stream().map(i -> i.alert).toList();
  }

  /** Serialised incidents, for a state store: id to bytes. */
  public Map<String, byte[]> snapshot(Collection<String> ids) {
    Map<String, byte[]> out = new LinkedHashMap<>();
    for (String id : ids) {
      Incident incident = open.containsKey(id) ? open.get(id) : ended.get(id);
      out.put(id, incident == null ? null : incident.toBytes(ALERTS, SIGNALS));
    }
    return out;
  }

  /** Restores an incident saved by {@link #snapshot}. */
  public void restore(byte[] bytes) {
    Incident incident = Incident.fromBytes(bytes, ALERTS, SIGNALS);
    (incident.closed() ? ended : open).put(incident.id, incident);
  }

  /** Merges a signal; returns the alert versions it produced (none, or one). */
  public List<Alert> onSignal(Signal signal, long now) {
    long at = SignalDetails.triggeredAt(signal);
    eventTime = Math.max(eventTime, at);
    Incident incident = relations.related(open.values(), signal, at);
    if (incident == null) {
      if (signal.getPhase() != SignalPhase.OPENED) {
        return List.of(); // the end or update of an episode whose incident is gone
      }
      incident = new Incident(incidentId(signal));
      open.put(incident.id, incident);
      IncidentEvidence.absorb(incident, signal, at);
      incident.main = signal;
      return List.of(versions.publish(incident, AlertStatus.OPEN, 1, now));
    }
    Alert before = incident.alert;
    int subjectsBefore = incident.subjects.size();
    int kindsBefore = incident.kinds.size();
    IncidentEvidence.absorb(incident, signal, at);
    // The main signal, which the title and explanation quote, stays on the subject that opened the
    // incident (a crisis stays "crisis vocabulary" when everything rises with it), unless that was
    // everything; it follows that subject's episode as it grows.
    boolean stronger =
        signal.getPhase() != SignalPhase.CLOSED
            && signal.getObserved() >= 1.5 * incident.main.getObserved()
            && signal.getKind() == incident.main.getKind()
            && (signal.getSubjectKey().equals(incident.main.getSubjectKey())
                || incident.main.getSubjectKey().equals(SubjectKey.GLOBAL));
    if (stronger) {
      incident.main = signal;
    }
    Severity severity = this.severity.of(incident);
    boolean changed =
        incident.subjects.size() > subjectsBefore
            || incident.kinds.size() > kindsBefore
            || stronger
            || severity.ordinal() > before.getSeverity().ordinal();
    if (!changed) {
      return List.of();
    }
    return List.of(versions.publish(incident, before.getStatus(), before.getVersion() + 1, now));
  }

  /**
   * Folds a person's action into a new version. Unknown incidents are ignored, and so are ended
   * ones unless the action reopens them: a reopened incident is open to signals again and resolves
   * on its own after the quiet period, counted from the reopening.
   */
  public List<Alert> onAction(AlertAction action, long now) {
    Incident incident = open.get(action.getAlertId());
    if (incident == null && action.getAction() == AlertActionKind.REOPEN) {
      incident = ended.remove(action.getAlertId());
      if (incident != null) {
        open.put(incident.id, incident);
        // Right after a restart no event time is known yet: the action's own time stands in,
        // else the first signal would resolve the reopened incident at once.
        long reopenedAt =
            eventTime == Long.MIN_VALUE ? action.getActedAt().toEpochMilli() : eventTime;
        incident.lastSignalAt = Math.max(incident.lastSignalAt, reopenedAt);
        // An episode still running when a person ended the incident lost its closing signal (an
        // ended incident takes none), so it would keep the reopened one open for ever; one that is
        // still running adds itself back with its next update.
        incident.openEpisodes.clear();
      }
    }
    if (incident == null) {
      return List.of();
    }
    Alert before = incident.alert;
    AlertStatus status =
        switch (action.getAction()) {
          case ACKNOWLEDGE -> AlertStatus.ACKNOWLEDGED;
          case RESOLVE -> AlertStatus.RESOLVED;
          case FALSE_POSITIVE -> AlertStatus.FALSE_POSITIVE;
          case REOPEN -> AlertStatus.OPEN;
          default -> before.getStatus();
        };
    Alert next =
        Alert.newBuilder(versions.publish(incident, status, before.getVersion() + 1, now))
            .setAssignee(action.getAssignee() != null ? action.getAssignee() : before.getAssignee())
            .setLastActionBy(action.getActor())
            .build();
    incident.alert = next;
    if (incident.closed()) {
      open.remove(incident.id);
      ended.put(incident.id, incident);
    }
    return List.of(next);
  }

  /**
   * Event time has reached {@code eventTime}: resolves the incidents whose episodes all ended and
   * that saw no signal for the quiet period.
   */
  public List<Alert> advance(long eventTime, long now) {
    this.eventTime = Math.max(this.eventTime, eventTime);
    List<Alert> out = new ArrayList<>();
    for (Incident incident : new ArrayList<>(open.values())) {
      if (incident.openEpisodes.isEmpty()
          && eventTime - incident.lastSignalAt >= settings.quietPeriod().toMillis()) {
        out.add(
            versions.publish(incident, AlertStatus.RESOLVED, incident.alert.getVersion() + 1, now));
        open.remove(incident.id);
        ended.put(incident.id, incident);
      }
    }
    // Wall-clock time against the last version's, as the alert API judges a reopening.
    ended
        .values()
        .removeIf(
            incident -> {
              boolean expired =
                  incident.alert.getUpdatedAt().toEpochMilli() + REOPEN_WINDOW.toMillis() < now;
              if (expired) {
                forgotten.add(incident.id);
              }
              return expired;
            });
    return out;
  }

  /** Ids of the ended incidents forgotten since the last call, which can no longer be reopened. */
  public List<String> forgotten() {
    List<String> ids = List.copyOf(forgotten);
    forgotten.clear();
    return ids;
  }

  private static String incidentId(Signal opening) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest(opening.getId().getBytes(StandardCharsets.UTF_8));
      return ID_PREFIX + HexFormat.of().formatHex(hash, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
