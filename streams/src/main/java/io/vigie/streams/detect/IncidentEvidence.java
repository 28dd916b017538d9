package io.vigie.streams.detect;

import static io.vigie.core.text.DetailNumbers.decimal;
import static io.vigie.core.text.DetailNumbers.wholeNumber;
import static io.vigie.streams.detect.SignalDetails.leadRule;
import static io.vigie.streams.detect.SignalDetails.usualShare;

import io.vigie.schema.Evidence;
import io.vigie.schema.SamplePost;
import io.vigie.schema.Signal;
import io.vigie.schema.SignalKind;
import io.vigie.schema.SignalPhase;
import io.vigie.schema.SubjectKey;
import java.util.Map;

/**
 * Folds a signal's evidence into the incident it joined: subjects, kinds, rules, terms, clusters,
 * samples, the figures that grade it, and which of its episodes are still open.
 */
final class IncidentEvidence {

  private IncidentEvidence() {}

  /** Merges {@code signal}, triggered at {@code at}, into {@code incident}. */
  static void absorb(Incident incident, Signal signal, long at) {
    Evidence evidence = signal.getEvidence();
    Map<String, String> details = evidence.getDetails();
    boolean episode =
        signal.getKind() == SignalKind.SPIKE || signal.getKind() == SignalKind.SENTIMENT_SHIFT;
    // Every kind counts towards the split, the end of an episode too: it has the episode's final
    // figures.
    incident.addVolume(
        signal.getSubjectKey(),
        signal.getKind(),
        wholeNumber(details.get("posts")),
        wholeNumber(details.get("coordinated_posts")));
    if (signal.getPhase() == SignalPhase.CLOSED) {
      // The end of an episode is no new evidence: it neither adds terms nor keeps the incident
      // open to newcomers (else a quiet evening's resolution would let the next crisis join it).
      if (episode) {
        incident.openEpisodes.remove(signal.getId());
      }
      return;
    }
    incident.subjects.add(signal.getSubjectKey());
    incident.kinds.add(signal.getKind());
    String lead = leadRule(signal);
    if (lead != null) {
      incident.leadRules.add(lead);
    }
    SubjectState.Kind subjectKind = SubjectState.Kind.of(signal.getSubjectKey());
    if (subjectKind == SubjectState.Kind.TERM || subjectKind == SubjectState.Kind.HASHTAG) {
      incident.termShares.put(signal.getSubjectKey(), usualShare(signal));
    }
    incident.excess.merge(signal.getSubjectKey(), excess(signal), Math::max);
    if (SubjectKey.ruleOf(signal.getSubjectKey()) != null) {
      incident.rules.add(SubjectKey.ruleOf(signal.getSubjectKey()));
    }
    incident.rules.addAll(evidence.getWatchRuleIds());
    for (String term : evidence.getTopTerms()) {
      if (incident.terms.size() < 64) {
        incident.terms.add(term);
      }
    }
    for (String cluster : evidence.getClusterIds()) {
      if (incident.clusters.size() < 64) {
        incident.clusters.add(cluster);
      }
    }
    for (SamplePost sample : evidence.getSamplePosts()) {
      if (incident.samples.size() < EvidenceCollector.SAMPLES
          && !incident.samples.containsKey(sample.getKey())
          && incident.samples.values().stream()
              .noneMatch(s -> s.getTextExcerpt().equals(sample.getTextExcerpt()))) {
        incident.samples.put(sample.getKey(), sample);
      }
    }
    if (episode) {
      incident.openEpisodes.add(signal.getId());
    }
    if (signal.getKind() == SignalKind.SPIKE && signal.getPhase() != SignalPhase.CLOSED) {
      long posts = wholeNumber(details.get("posts"));
      if (posts > incident.largestSpikePosts) {
        incident.largestSpikePosts = posts;
        incident.largestSpikeSuspect = wholeNumber(details.get("suspect_posts"));
      }
    }
    incident.lastSignalAt = Math.max(incident.lastSignalAt, at);
  }

  /**
   * Posts above the expectation a signal reports: for a sentiment shift the negative posts above
   * the usual share, for volume the observed count minus the expected one, in the bucket or over
   * the evidence window the CUSUM rose over, whichever is larger (a crisis key's first posts come a
   * few minutes apart: each bucket holds one or two, the window all of them). Weak signals are
   * notes and never page.
   */
  private static double excess(Signal signal) {
    Map<String, String> details = signal.getEvidence().getDetails();
    return switch (signal.getKind()) {
      case WEAK_SIGNAL -> 0;
      case SENTIMENT_SHIFT ->
          wholeNumber(details.get("posts")) * (signal.getObserved() - signal.getExpected());
      default ->
          Math.max(
              signal.getObserved() - signal.getExpected(),
              wholeNumber(details.get("window_posts")) - decimal(details.get("window_expected")));
    };
  }
}
