package io.vigie.streams.detect;

import static io.vigie.streams.detect.SignalDetails.leadRule;
import static io.vigie.streams.detect.SignalDetails.usualShare;

import io.vigie.schema.Evidence;
import io.vigie.schema.Signal;
import io.vigie.schema.SignalPhase;
import java.util.Collection;
import java.util.Map;

/**
 * Which open incident a signal belongs to: the one its episode went to, else the one it relates to
 * most through something specific they share, within the merge window.
 */
final class IncidentRelations {

  private final DetectionSettings.Incidents settings;

  IncidentRelations(DetectionSettings.Incidents settings) {
    this.settings = settings;
  }

  /** The open incident a signal triggered at {@code at} joins; null when it relates to none. */
  Incident related(Collection<Incident> open, Signal signal, long at) {
    // The rest of an episode goes where the episode went, whatever its subject.
    if (signal.getPhase() != SignalPhase.OPENED) {
      for (Incident incident : open) {
        if (incident.openEpisodes.contains(signal.getId())) {
          return incident;
        }
      }
    }
    Incident best = null;
    int bestScore = 0;
    for (Incident incident : open) {
      // Either way: signals from different subjects need not arrive in event-time order.
      if (Math.abs(at - incident.lastSignalAt) > settings.mergeWindow().toMillis()) {
        continue;
      }
      int score = relation(incident, signal);
      if (score > bestScore) {
        best = incident;
        bestScore = score;
      }
    }
    return best;
  }

  /**
   * How strongly a signal belongs to an open incident, 0 for not at all: only something specific
   * they share counts. The same watch rule, the same near-duplicate cluster, the same subject, or a
   * term or hashtag that is not common and that one of them is about while the other's posts use
   * it. {@code global} and the {@code crisis} vocabulary are never a link: everything rises with a
   * crisis and two crises both use crisis words.
   */
  private int relation(Incident incident, Signal signal) {
    String subject = signal.getSubjectKey();
    Evidence evidence = signal.getEvidence();
    SubjectState.Kind kind = SubjectState.Kind.of(subject);
    boolean wordSubject = kind == SubjectState.Kind.TERM || kind == SubjectState.Kind.HASHTAG;
    boolean specificSubject =
        kind == SubjectState.Kind.RULE
            || kind == SubjectState.Kind.CLUSTER
            || (wordSubject && !common(usualShare(signal)));
    int score = 0;
    if (specificSubject && incident.subjects.contains(subject)) {
      score += 100;
    }
    String rule = leadRule(signal);
    if (rule != null && incident.leadRules.contains(rule)) {
      score += 10;
    }
    for (String cluster : evidence.getClusterIds()) {
      if (incident.clusters.contains(cluster)) {
        score += 5;
      }
    }
    if (wordSubject && specificSubject) {
      String term = VolumeHorizon.ownTerm(subject);
      if (incident.terms.contains(term) || incident.terms.contains("#" + term)) {
        score += 5;
      }
    }
    for (Map.Entry<String, Double> own : incident.termShares.entrySet()) {
      String term = VolumeHorizon.ownTerm(own.getKey());
      boolean used =
          evidence.getTopTerms().contains(term) || evidence.getTopTerms().contains("#" + term);
      if (used && !common(own.getValue())) {
        score += 5;
      }
    }
    return score;
  }

  /** Whether a term with this usual share of original posts is too common to link two signals. */
  private boolean common(double usualShare) {
    return usualShare >= settings.commonTermShare();
  }
}
