package io.vigie.streams.detect;

import io.vigie.core.text.AlertText;
import io.vigie.schema.Alert;
import io.vigie.schema.AlertStatus;
import io.vigie.schema.Evidence;
import io.vigie.schema.Explanation;
import io.vigie.schema.IncidentSplit;
import io.vigie.schema.Severity;
import io.vigie.schema.Signal;
import io.vigie.schema.SignalKind;
import io.vigie.schema.SubjectKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes an incident's next {@link Alert} version from what it has gathered: its kind, severity,
 * title and summary, and the explanation quoting its main signal with the incident's own figures.
 */
final class IncidentVersions {

  private final IncidentSeverity severity;

  IncidentVersions(IncidentSeverity severity) {
    this.severity = severity;
  }

  /** The incident's alert as version {@code version} in {@code status}, kept as its latest. */
  Alert publish(Incident incident, AlertStatus status, int version, long now) {
    Signal main = incident.main;
    SignalKind kind = kind(incident);
    Severity severity = this.severity.of(incident);
    Map<String, String> details = new LinkedHashMap<>(main.getEvidence().getDetails());
    details.put("subjects", String.join(" ", incident.subjects));
    details.put("signal_kinds", incident.kinds.toString());
    IncidentSplit split = incident.split();
    split.writeTo(details);
    long firstSeen = firstSeen(incident);
    long triggered = SignalDetails.triggeredAt(main);
    Long latency =
        incident.alert == null
            ? (triggered >= firstSeen ? triggered - firstSeen : null)
            : incident.alert.getExplanation().getDetectionLatencyMs();
    Explanation explanation =
        Explanation.newBuilder()
            .setObserved(main.getObserved())
            .setExpected(main.getExpected())
            .setScore(main.getScore())
            .setBaseline(details.get("baseline"))
            .setEvidence(
                Evidence.newBuilder(main.getEvidence())
                    .setTopTerms(topTerms(incident))
                    .setSamplePosts(new ArrayList<>(incident.samples.values()))
                    .setSamplePostIds(new ArrayList<>(incident.samples.keySet()))
                    .setWatchRuleIds(new ArrayList<>(incident.rules))
                    .setDetails(details)
                    .build())
            .setDetectionLatencyMs(latency)
            .build();
    Alert.Builder alert =
        Alert.newBuilder()
            .setId(incident.id)
            .setVersion(version)
            .setStatus(status)
            .setSeverity(severity)
            .setKind(kind)
            .setSubjectKeys(new ArrayList<>(incident.subjects))
            .setWatchRuleIds(new ArrayList<>(incident.rules))
            .setTitle(AlertText.title(kind, main.getSubjectKey()))
            .setSummary(AlertText.summary(main, incident.subjects, split))
            .setExplanation(explanation)
            .setSamplePosts(new ArrayList<>(incident.samples.values()))
            .setFirstSeen(Instant.ofEpochMilli(firstSeen))
            .setLastSeen(Instant.ofEpochMilli(Math.max(firstSeen, incident.lastSignalAt)))
            .setUpdatedAt(Instant.ofEpochMilli(now));
    if (incident.alert != null) {
      alert.setAssignee(incident.alert.getAssignee());
      alert.setLastActionBy(incident.alert.getLastActionBy());
    }
    incident.alert = alert.build();
    return incident.alert;
  }

  private static List<String> topTerms(Incident incident) {
    List<String> terms = new ArrayList<>(incident.main.getEvidence().getTopTerms());
    for (String term : incident.terms) {
      if (terms.size() >= 10) {
        break;
      }
      if (!terms.contains(term)) {
        terms.add(term);
      }
    }
    return terms;
  }

  /**
   * The incident's kind: coordination when a coordination signal is part of it and at least half
   * the posts of its largest spike are suspect (coordinated copies, or new accounts); a sentiment
   * shift when one is part of it and no crisis vocabulary is (a crisis is negative too, but it is a
   * crisis), otherwise the kind of the signal that opened it.
   */
  private static SignalKind kind(Incident incident) {
    boolean mostlySuspect =
        incident.largestSpikePosts == 0
            || incident.largestSpikeSuspect * 2 >= incident.largestSpikePosts;
    if (incident.kinds.contains(SignalKind.COORDINATION) && mostlySuspect) {
      return SignalKind.COORDINATION;
    }
    if (incident.kinds.contains(SignalKind.SENTIMENT_SHIFT)
        && !incident.subjects.contains(SubjectKey.CRISIS)) {
      return SignalKind.SENTIMENT_SHIFT;
    }
    if (incident.kinds.contains(SignalKind.SPIKE)) {
      return SignalKind.SPIKE;
    }
    return incident.kinds.iterator().next();
  }

  /**
   * When the incident's first supporting post was published, as its first version said: it never
   * moves afterwards, because it names the monthly index the alert's versions overwrite each other
   * in (and dates the detection latency).
   */
  private static long firstSeen(Incident incident) {
    if (incident.alert != null) {
      return incident.alert.getFirstSeen().toEpochMilli();
    }
    Instant signalFirst = incident.main.getFirstPostAt();
    return signalFirst != null
        ? signalFirst.toEpochMilli()
        : incident.main.getWindowStart().toEpochMilli();
  }
}
