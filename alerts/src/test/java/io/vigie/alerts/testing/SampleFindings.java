package io.vigie.alerts.testing;

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

/**
 * An alert with every field set, for tests of what is written about it: the same alert as ops'
 * {@code io.vigie.testkit.SampleFindings}, which the integration tests use.
 */
public final class SampleFindings {

  private SampleFindings() {}

  public static Evidence evidence() {
    Instant t = Instant.parse("2013-04-15T18:55:00Z");
    return Evidence.newBuilder()
        .setTopTerms(List.of("explosion", "marathon"))
        .setSamplePostIds(List.of("twitter:1"))
        .setDetails(Map.of("posts", "12", "reach", "120000"))
        .setSamplePosts(
            List.of(
                SamplePost.newBuilder()
                    .setKey("twitter:1")
                    .setTextExcerpt("Explosion at the finish line")
                    .setCreatedAt(t)
                    .setAuthorHandle("witness")
                    .setUrl("https://example.org/1")
                    .build()))
        .setClusterIds(List.of("c1"))
        .setWatchRuleIds(List.of("boston"))
        .build();
  }

  public static Alert alert() {
    Instant t = Instant.parse("2013-04-15T18:55:00Z");
    return Alert.newBuilder()
        .setId("a1")
        .setVersion(3)
        .setStatus(AlertStatus.ACKNOWLEDGED)
        .setSeverity(Severity.HIGH)
        .setKind(SignalKind.SPIKE)
        .setSubjectKeys(List.of("crisis", "term:explosion"))
        .setWatchRuleIds(List.of("boston"))
        .setTitle("Volume spike: crisis vocabulary")
        .setSummary("12 posts in 1 min, 0.4 expected")
        .setExplanation(
            Explanation.newBuilder()
                .setObserved(12)
                .setExpected(0.4)
                .setScore(9.1)
                .setBaseline("EWMA of the last hours")
                .setEvidence(evidence())
                .setDetectionLatencyMs(42_000L)
                .build())
        .setSamplePosts(evidence().getSamplePosts())
        .setFirstSeen(t)
        .setLastSeen(t.plusSeconds(600))
        .setUpdatedAt(t.plusSeconds(700))
        .setAssignee("camille")
        .setLastActionBy("camille")
        .build();
  }
}
