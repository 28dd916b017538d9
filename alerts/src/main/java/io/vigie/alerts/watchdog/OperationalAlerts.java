package io.vigie.alerts.watchdog;

import io.vigie.alerts.watchdog.PipelineWatch.Finding;
import io.vigie.alerts.watchdog.PipelineWatch.Problem;
import io.vigie.schema.Alert;
import io.vigie.schema.AlertStatus;
import io.vigie.schema.Evidence;
import io.vigie.schema.Explanation;
import io.vigie.schema.SignalKind;
import io.vigie.schema.SubjectKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Vigie's findings about itself as alerts of kind {@code OPERATIONAL}, so that they reach people
 * through the same routes, feeds, indices and console as crisis alerts: version 1 when a problem
 * opens, version 2 when it ends. The id is derived from the problem, its subject and when it began,
 * so that a finding published twice (a restart) lands on the same alert. Every id starts with
 * {@value #ID_PREFIX}, a namespace detection's incident ids ({@code inc-}) never use: the watchdog
 * is the alerts topic's second writer, and must never write a version of an incident.
 */
public final class OperationalAlerts {

  /** The operational alerts' id namespace on the alerts topic. */
  public static final String ID_PREFIX = "ops-";

  private OperationalAlerts() {}

  /** The alert version that says a finding opened or ended. */
  public static Alert toAlert(Finding finding, Instant now) {
    String slug = finding.problem().name().toLowerCase(Locale.ROOT).replace('_', '-');
    String id =
        ID_PREFIX
            + slug
            + "-"
            + UUID.nameUUIDFromBytes(
                    (finding.problem() + "|" + finding.subject() + "|" + finding.since())
                        .getBytes(StandardCharsets.UTF_8))
                .toString()
                .substring(0, 8);
    long minutes = Duration.between(finding.since(), now).toMinutes();
    String summary =
        finding.open()
            ? finding.summary()
            : "Ended after " + minutes + " min. " + finding.summary();
    String summaryFr =
        finding.open()
            ? finding.summaryFr()
            : "Terminé après " + minutes + " min. " + finding.summaryFr();
    return Alert.newBuilder()
        .setId(id)
        .setVersion(finding.open() ? 1 : 2)
        .setStatus(finding.open() ? AlertStatus.OPEN : AlertStatus.RESOLVED)
        .setSeverity(finding.severity())
        .setKind(SignalKind.OPERATIONAL)
        .setSubjectKeys(List.of(subjectKey(finding.problem(), finding.subject())))
        .setWatchRuleIds(List.of())
        .setTitle(title(finding.problem(), finding.subject()))
        .setSummary(summary)
        .setExplanation(
            Explanation.newBuilder()
                .setObserved(finding.observed())
                .setExpected(finding.expected())
                .setScore(finding.expected() == 0 ? 0 : finding.observed() / finding.expected())
                .setBaseline(baseline(finding.problem()))
                .setEvidence(
                    Evidence.newBuilder()
                        .setDetails(
                            Map.of(
                                "problem", finding.problem().name(),
                                "subject", finding.subject(),
                                "summary_fr", summaryFr))
                        .build())
                .build())
        .setSamplePosts(List.of())
        .setFirstSeen(finding.since())
        .setLastSeen(now)
        .setUpdatedAt(now)
        .build();
  }

  /**
   * The finding an operational alert stands for, to restore the watch after a restart; empty for
   * any other alert.
   */
  public static Optional<Finding> toFinding(Alert alert) {
    if (alert.getKind() != SignalKind.OPERATIONAL) {
      return Optional.empty();
    }
    Map<String, String> details = alert.getExplanation().getEvidence().getDetails();
    try {
      return Optional.of(
          new Finding(
              Problem.valueOf(details.get("problem")),
              details.get("subject"),
              alert.getStatus() == AlertStatus.OPEN,
              alert.getFirstSeen(),
              alert.getSeverity(),
              alert.getExplanation().getObserved(),
              alert.getExplanation().getExpected(),
              alert.getSummary(),
              details.getOrDefault("summary_fr", alert.getSummary())));
    } catch (IllegalArgumentException | NullPointerException e) {
      return Optional.empty(); // written by another version: not ours to restore
    }
  }

  static String subjectKey(Problem problem, String subject) {
    return switch (problem) {
      case SOURCE_SILENT -> SubjectKey.OPS_SOURCE + subject;
      case LAG_GROWING -> SubjectKey.OPS_LAG + subject;
      case DEAD_LETTERS -> SubjectKey.OPS_DEAD_LETTERS + subject;
      case ELASTICSEARCH_UNREACHABLE -> SubjectKey.OPS_ELASTICSEARCH;
    };
  }

  private static String title(Problem problem, String subject) {
    return switch (problem) {
      case SOURCE_SILENT -> "Source silent: " + subject;
      case LAG_GROWING -> "Falling behind: " + subject;
      case DEAD_LETTERS -> "Dead letters above normal: " + subject;
      case ELASTICSEARCH_UNREACHABLE -> "Elasticsearch unreachable";
    };
  }

  private static String baseline(Problem problem) {
    return switch (problem) {
      case SOURCE_SILENT -> "posts of the source in the hour before it went silent";
      case LAG_GROWING -> "the group's lag at the start of the window";
      case DEAD_LETTERS -> "EWMA of dead letters per window, learned from normal windows";
      case ELASTICSEARCH_UNREACHABLE -> "failed health probes in a row";
    };
  }
}
