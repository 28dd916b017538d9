package io.vigie.devtools.cli;

import io.vigie.app.cli.ExitCode;
import io.vigie.app.cli.VigieCommand;
import io.vigie.devtools.eval.CountSeriesBacktest;
import io.vigie.devtools.eval.CrisisLexEvaluation;
import io.vigie.devtools.eval.CrisisLexSeries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vigie eval crisislex-series}: CrisisLex T6 events as per-minute count series through
 * {@code vigie backtest --format COUNTS}, scored like the sudden crises of issue 20.
 */
@Command(
    name = "crisislex-series",
    mixinStandardHelpOptions = true,
    description = {
      "CrisisLex T6 events as per-minute count series through `vigie backtest --format COUNTS` (the volume-spike detector alone, defaults): posts per minute of each file from its first post to a day after a sudden event's onset, scored by latency from the first post at or after the onset, alerts before the onset and further alerts; and the off-topic posts alone per minute over the whole file, where every alert is false.",
      "Without --data, the two CrisisLex samples bundled with Vigie."
    })
final class EvalCrisisLexSeriesCommand extends VigieCommand {

  private static final DateTimeFormatter MINUTE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter SECOND =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  @Mixin CrisisLexData data = new CrisisLexData();

  @Option(
      names = "--series-output",
      paramLabel = "DIR",
      description =
          "Keep the series there as <event>-volume.csv and <event>-off-topic.csv (timestamp,value), for `vigie backtest --format COUNTS`.")
  Path seriesOutput;

  @Override
  public Integer call() throws Exception {
    Path folder =
        seriesOutput != null ? seriesOutput : Files.createTempDirectory("vigie-crisislex-series");
    try {
      List<CrisisLexSeries.Result> results = evaluate(new CountSeriesBacktest(folder));
      print(results);
      if (seriesOutput != null) {
        out().printf("%nSeries written to %s%n", seriesOutput);
      }
    } finally {
      if (seriesOutput == null) {
        deleteFolder(folder);
      }
    }
    return ExitCode.OK.code();
  }

  private List<CrisisLexSeries.Result> evaluate(CountSeriesBacktest backtest) throws IOException {
    CrisisLexSeries evaluation = new CrisisLexSeries(backtest);
    List<CrisisLexSeries.Result> results = new ArrayList<>();
    data.forEach(
        (fileName, contents) ->
            results.add(
                evaluation.evaluate(
                    CrisisLexEvaluation.eventName(fileName),
                    contents,
                    CrisisLexEvaluation.onset(fileName))));
    return results;
  }

  private void print(List<CrisisLexSeries.Result> results) {
    out()
        .println(
            "| event | onset | volume series (minutes) | posts in it | first post at/after the onset | first alert after the onset (minute closed) | latency | alerts before the onset | further alerts | off-topic series (days) | false alerts | false alerts / day |");
    out().println("|---|---|---:|---:|---|---|---:|---:|---:|---:|---:|---:|");
    for (CrisisLexSeries.Result r : results) {
      Optional<CrisisLexSeries.OnsetScore> score = r.onsetScore();
      out()
          .printf(
              Locale.ROOT,
              "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %.1f | %d | %.2f |%n",
              r.event(),
              score.map(s -> MINUTE.format(s.onset())).orElse("(progressive)"),
              r.volume().map(v -> String.format(Locale.ROOT, "%,d", v.counts().length)).orElse(""),
              r.volume().map(v -> String.format(Locale.ROOT, "%,d", v.total())).orElse(""),
              score.map(s -> SECOND.format(s.firstPostAfterOnset())).orElse(""),
              score
                  .map(s -> s.firstAlertAfterOnset().map(MINUTE::format).orElse("none"))
                  .orElse(""),
              score.flatMap(CrisisLexSeries.OnsetScore::latency).map(this::minutes).orElse(""),
              score.map(s -> Integer.toString(s.alertsBeforeOnset())).orElse(""),
              score.map(s -> Integer.toString(s.furtherAlerts())).orElse(""),
              r.offTopic().days(),
              r.falseAlerts().alerts(),
              r.falseAlerts().perDay());
    }
    out().println();
    out()
        .printf(
            Locale.ROOT,
            "| event | latency ≤ %d min | 0 alerts before the onset | ≤ %.0f false alert / day off-topic |%n",
            CrisisLexSeries.LATENCY_TARGET.toMinutes(),
            CrisisLexSeries.FALSE_ALERTS_PER_DAY_TARGET);
    out().println("|---|---|---|---|");
    int sudden = 0;
    int inTime = 0;
    for (CrisisLexSeries.Result r : results) {
      Optional<CrisisLexSeries.OnsetScore> score = r.onsetScore();
      sudden += score.isPresent() ? 1 : 0;
      inTime += score.filter(CrisisLexSeries.OnsetScore::latencyMet).isPresent() ? 1 : 0;
      out()
          .printf(
              "| %s | %s | %s | %s |%n",
              r.event(),
              score.map(s -> met(s.latencyMet())).orElse("(progressive)"),
              score.map(s -> met(s.alertsBeforeOnset() == 0)).orElse("(progressive)"),
              met(r.falseAlerts().met()));
    }
    out()
        .printf(
            Locale.ROOT,
            "%n%d of %d sudden events alerted within %d min of their first post after the onset.%n",
            inTime,
            sudden,
            CrisisLexSeries.LATENCY_TARGET.toMinutes());
    out().flush();
  }

  private String minutes(Duration latency) {
    return String.format(Locale.ROOT, "%.1f min", latency.toMillis() / 60_000.0);
  }

  private static String met(boolean met) {
    return met ? "met" : "not met";
  }

  private static void deleteFolder(Path folder) throws IOException {
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
