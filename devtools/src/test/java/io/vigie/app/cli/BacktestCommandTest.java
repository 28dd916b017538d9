package io.vigie.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigie.alerts.FalsePositives;
import io.vigie.app.Vigie;
import io.vigie.schema.AlertAction;
import io.vigie.schema.AlertActionKind;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigie backtest} on the bundled Boston sample, with and without false-positive marks. */
class BacktestCommandTest {

  @TempDir Path dir;

  private String run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        Vigie.execute(args, Map.of(), new PrintWriter(out, true), new PrintWriter(err, true));
    assertThat(exit).as(err.toString()).isZero();
    return out.toString();
  }

  @Test
  void alertsPeopleRejectedAreShownAsSuchWhenTheBacktestRaisesThemAgain() throws Exception {
    Path sample = dir.resolve("boston.csv.gz");
    try (InputStream in =
        getClass()
            .getClassLoader()
            .getResourceAsStream(
                "datasets/crisislex-t6/2013_Boston_Bombings-ontopic_offtopic.csv.gz")) {
      Files.copy(in, sample);
    }
    Path first = dir.resolve("first");
    run("backtest", "--quiet", "--output", first.toString(), sample.toString());
    String firstAlertId =
        new ObjectMapper()
            .readTree(Files.readAllLines(first.resolve("alerts.jsonl")).get(0))
            .get("id")
            .asText();
    Path marks = dir.resolve("false-positives.jsonl");
    FalsePositives.of(
            List.of(
                action(firstAlertId, AlertActionKind.FALSE_POSITIVE, "2026-03-02T10:00:00Z"),
                action("other", AlertActionKind.FALSE_POSITIVE, "2026-03-02T10:00:00Z"),
                action("other", AlertActionKind.REOPEN, "2026-03-02T11:00:00Z")))
        .write(marks);

    String second =
        run(
            "backtest",
            "--output",
            dir.resolve("second").toString(),
            "--false-positives",
            marks.toString(),
            sample.toString());

    assertThat(second)
        .contains("✗ marked a false positive by camille on 2026-03-02T10:00:00Z: not a crisis")
        .contains("1 of these incidents were marked as false positives (of 1 marks in");
  }

  private static AlertAction action(String alertId, AlertActionKind kind, String at) {
    return AlertAction.newBuilder()
        .setAlertId(alertId)
        .setAction(kind)
        .setActor("camille")
        .setComment("not a crisis")
        .setActedAt(Instant.parse(at))
        .build();
  }
}
