package io.vigie.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigie.app.silence.AlertApiClient;
import io.vigie.app.silence.SilenceMatchers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigie silence add}: a new silence from the matchers and times given. */
@Command(
    name = "add",
    mixinStandardHelpOptions = true,
    description = {
      "Silence the alerts matching every matcher given (at least one), from now or --starts, for --duration or until --until.",
      "Matching versions are logged SILENCED in the delivery log instead of being sent."
    })
final class SilenceAddCommand extends SilenceApiCommand {
  @Option(names = "--watch-rule", paramLabel = "RULE", description = "Alerts about this rule.")
  String watchRule;

  @Option(names = "--subject", paramLabel = "KEY", description = "Alerts about this subject.")
  String subject;

  @Option(names = "--alert-id", paramLabel = "ID", description = "This incident.")
  String alertId;

  @Option(names = "--route", paramLabel = "ROUTE", description = "Deliveries to this route only.")
  String route;

  @Option(names = "--kind", paramLabel = "KIND", description = "Alerts of this kind (SPIKE...).")
  String kind;

  @Option(
      names = "--severity",
      paramLabel = "SEVERITY",
      description = "Alerts of this severity or lower (INFO, LOW, MEDIUM, HIGH, CRITICAL).")
  String severity;

  @Option(
      names = "--starts",
      paramLabel = "INSTANT",
      description = "When it starts muting, ISO-8601 (default: now).")
  String startsAt;

  @Option(
      names = "--duration",
      paramLabel = "DURATION",
      description = "How long: 90m, 2h, 1d, or ISO-8601 (PT2H).")
  String duration;

  @Option(
      names = "--until",
      paramLabel = "INSTANT",
      description = "When it ends, ISO-8601 (2026-12-01T08:00:00Z).")
  String until;

  @Option(
      names = "--comment",
      required = true,
      paramLabel = "TEXT",
      description = "Why (kept in the audit trail).")
  String comment;

  @Override
  int run() throws Exception {
    ObjectNode body = AlertApiClient.newBody();
    putIfSet(body, "watch_rule", watchRule);
    putIfSet(body, "subject", subject);
    putIfSet(body, "alert_id", alertId);
    putIfSet(body, "route", route);
    putIfSet(body, "kind", kind);
    putIfSet(body, "severity", severity);
    putIfSet(body, "starts_at", startsAt);
    putIfSet(body, "duration", duration);
    putIfSet(body, "ends_at", until);
    body.put("comment", comment);
    JsonNode silence = call("POST", "/v1/silences", body);
    out()
        .printf(
            "Silence %s (%s) from %s until %s: %s%n  by %s: %s%n",
            silence.path("id").asText(),
            silence.path("state").asText(),
            silence.path("starts_at").asText(),
            silence.path("ends_at").asText(),
            SilenceMatchers.of(silence),
            silence.path("created_by").asText(),
            silence.path("comment").asText());
    return ExitCode.OK.code();
  }

  private static void putIfSet(ObjectNode body, String field, String value) {
    if (value != null) {
      body.put(field, value);
    }
  }
}
