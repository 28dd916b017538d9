package io.vigie.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.schema.Alert;
import io.vigie.schema.AlertStatus;
import io.vigie.schema.Severity;
import io.vigie.testkit.SampleFindings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertPrinterTest {

  private final StringWriter printed = new StringWriter();
  private final AlertPrinter printer = new AlertPrinter(new PrintWriter(printed));
  private final Alert opening =
      Alert.newBuilder(SampleFindings.alert())
          .setId("inc-1")
          .setVersion(1)
          .setStatus(AlertStatus.OPEN)
          .setSeverity(Severity.MEDIUM)
          .setSummary("8 posts in 25 min against 0.6 expected (watch rule west-texas).")
          .build();

  private Alert version(int version, AlertStatus status, Severity severity, String summary) {
    return Alert.newBuilder(opening)
        .setVersion(version)
        .setStatus(status)
        .setSeverity(severity)
        .setSummary(summary)
        .build();
  }

  private List<String> updateLines() {
    return Arrays.stream(printed.toString().split("\\R"))
        .filter(line -> line.startsWith("  inc-1 v"))
        .toList();
  }

  @Test
  void anUpdateThatReadsLikeTheLastLineIsNotPrintedAgain() {
    printer.print(opening);
    printer.print(version(2, AlertStatus.OPEN, Severity.MEDIUM, opening.getSummary()));
    printer.print(version(3, AlertStatus.OPEN, Severity.HIGH, "85 posts in 50 min."));
    printer.print(version(4, AlertStatus.OPEN, Severity.HIGH, "85 posts in 50 min."));
    printer.print(version(5, AlertStatus.OPEN, Severity.CRITICAL, "85 posts in 50 min."));

    assertThat(updateLines())
        .containsExactly(
            "  inc-1 v3 updated HIGH: 85 posts in 50 min.",
            "  inc-1 v5 updated CRITICAL: 85 posts in 50 min.");
  }

  @Test
  void theResolutionPrintsEvenWhenItReadsLikeTheLastUpdate() {
    printer.print(opening);
    printer.print(version(2, AlertStatus.RESOLVED, Severity.MEDIUM, opening.getSummary()));

    assertThat(updateLines())
        .containsExactly(
            "  inc-1 v2 resolved MEDIUM: 8 posts in 25 min against 0.6 expected (watch rule"
                + " west-texas).");
  }
}
