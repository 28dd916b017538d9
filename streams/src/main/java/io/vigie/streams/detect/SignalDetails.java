package io.vigie.streams.detect;

import static io.vigie.core.text.DetailNumbers.decimal;

import io.vigie.schema.Signal;
import io.vigie.schema.SubjectKey;
import java.util.List;

/** What incident assembly reads from a signal's evidence details, each absent figure as 0. */
final class SignalDetails {

  private SignalDetails() {}

  /** When the signal's detector fired, in event time; the window's end when it does not say. */
  static long triggeredAt(Signal signal) {
    String at = signal.getEvidence().getDetails().get(Findings.TRIGGERED_AT);
    return at == null ? signal.getWindowEnd().toEpochMilli() : Long.parseLong(at);
  }

  /**
   * A term signal's usual share of original posts; 0 when the signal does not say (the detectors
   * add it to every term and hashtag signal; a term they never saw has none).
   */
  static double usualShare(Signal signal) {
    return decimal(signal.getEvidence().getDetails().get(SubjectDetector.USUAL_SHARE));
  }

  /**
   * The watch rule that speaks for a signal: the rule it is about, else the rule its posts matched
   * most (a stray post matching another rule does not make two stories one); null for none.
   */
  static String leadRule(Signal signal) {
    String rule = SubjectKey.ruleOf(signal.getSubjectKey());
    if (rule != null) {
      return rule;
    }
    List<String> rules = signal.getEvidence().getWatchRuleIds();
    return rules.isEmpty() ? null : rules.get(0);
  }
}
