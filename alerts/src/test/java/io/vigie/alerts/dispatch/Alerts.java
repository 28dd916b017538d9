package io.vigie.alerts.dispatch;

import io.vigie.schema.Alert;
import io.vigie.schema.AlertStatus;
import io.vigie.schema.Evidence;
import io.vigie.schema.Explanation;
import io.vigie.schema.SamplePost;
import io.vigie.schema.Severity;
import io.vigie.schema.SignalKind;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Alert versions for dispatcher tests. */
final class Alerts {

  static final Instant T0 = Instant.parse("2026-03-02T12:00:00Z");

  private Alerts() {}

  static Alert version(int version, AlertStatus status, Severity severity) {
    return version("inc-1", version, status, severity, List.of("acme"));
  }

  static Alert version(
      String id, int version, AlertStatus status, Severity severity, List<String> rules) {
    return Alert.newBuilder()
        .setId(id)
        .setVersion(version)
        .setStatus(status)
        .setSeverity(severity)
        .setKind(SignalKind.SPIKE)
        .setSubjectKeys(List.of("rule:acme", "term:refund"))
        .setWatchRuleIds(rules)
        .setTitle("Volume spike: watch rule acme")
        .setSummary("42 posts in 5 min against 3.5 expected (watch rule acme).")
        .setExplanation(
            Explanation.newBuilder()
                .setObserved(42)
                .setExpected(3.5)
                .setScore(8.2)
                .setEvidence(
                    Evidence.newBuilder()
                        .setTopTerms(List.of("refund", "scandal"))
                        .setDetails(Map.of("posts", "42"))
                        .build())
                .setDetectionLatencyMs(150_000L)
                .build())
        .setSamplePosts(
            List.of(
                SamplePost.newBuilder()
                    .setKey("twitter:1")
                    .setTextExcerpt("<!channel> *ACME* refund scandal <@U123> & more")
                    .setCreatedAt(T0)
                    .setAuthorHandle("angry_customer")
                    .build()))
        .setFirstSeen(T0)
        .setLastSeen(T0)
        .setUpdatedAt(T0)
        .build();
  }
}
