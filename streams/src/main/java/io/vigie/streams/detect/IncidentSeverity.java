package io.vigie.streams.detect;

import static io.vigie.core.text.DetailNumbers.wholeNumber;

import io.vigie.schema.Severity;
import io.vigie.schema.Signal;
import io.vigie.schema.SignalKind;
import io.vigie.schema.SubjectKey;
import java.util.List;
import java.util.Map;

/**
 * Severity from what an incident is and how big. It pages (is above INFO) only when a signal on a
 * specific subject (a watch rule, crisis vocabulary, a term or hashtag, a cluster) reported at
 * least its class's minimum of posts above the expectation: weak signals, small rises and a rise of
 * all posts on its own are notes. Among the signals that count, a spike on terms or hashtags alone,
 * or a viral post, is low; a spike on a watch rule, crisis vocabulary or (large enough) everything,
 * a sentiment shift or coordination is medium; each of these raises it one step: crisis vocabulary
 * among the subjects, volume ten times the expectation with at least 50 posts, a mostly negative
 * conversation, three kinds of signal agreeing.
 */
final class IncidentSeverity {

  /** Followers summed over an episode's posts above which its severity rises one level. */
  static final long WIDE_REACH = 100_000;

  private final DetectionSettings.Paging paging;

  IncidentSeverity(DetectionSettings.Paging paging) {
    this.paging = paging;
  }

  Severity of(Incident incident) {
    List<String> counting =
        incident.subjects.stream()
            .filter(
                s ->
                    incident.excess.getOrDefault(s, 0.0)
                        >= paging.minExcess(SubjectState.Kind.of(s)))
            .toList();
    boolean specific =
        counting.stream().anyMatch(s -> SubjectState.Kind.of(s) != SubjectState.Kind.GLOBAL);
    if (!specific) {
      return Severity.INFO;
    }
    int level;
    boolean busySubject =
        counting.stream()
            .map(SubjectState.Kind::of)
            .anyMatch(
                k ->
                    k == SubjectState.Kind.RULE
                        || k == SubjectState.Kind.CRISIS
                        || k == SubjectState.Kind.GLOBAL);
    if (incident.kinds.contains(SignalKind.SENTIMENT_SHIFT)
        || incident.kinds.contains(SignalKind.COORDINATION)
        || (incident.kinds.contains(SignalKind.SPIKE) && busySubject)) {
      level = Severity.MEDIUM.ordinal();
    } else if (incident.kinds.contains(SignalKind.SPIKE)
        || incident.kinds.contains(SignalKind.VIRAL_POST)) {
      level = Severity.LOW.ordinal();
    } else {
      level = Severity.INFO.ordinal();
    }
    if (level >= Severity.MEDIUM.ordinal()) {
      Signal main = incident.main;
      Map<String, String> details = main.getEvidence().getDetails();
      if (incident.subjects.contains(SubjectKey.CRISIS)) {
        level++;
      }
      if (main.getKind() == SignalKind.SPIKE
          && main.getObserved() >= 10 * Math.max(main.getExpected(), 1)
          && wholeNumber(details.get("posts")) >= 50) {
        level++;
      }
      long posts = wholeNumber(details.get("posts"));
      if (posts >= 10 && wholeNumber(details.get("negative_posts")) * 2 > posts) {
        level++;
      }
      if (incident.kinds.size() >= 3) {
        level++;
      }
    }
    // Reach: the same story seen by a hundred thousand people or more matters more.
    if (level >= Severity.LOW.ordinal()
        && wholeNumber(incident.main.getEvidence().getDetails().get("reach")) >= WIDE_REACH) {
      level++;
    }
    return Severity.values()[Math.min(level, Severity.CRITICAL.ordinal())];
  }
}
