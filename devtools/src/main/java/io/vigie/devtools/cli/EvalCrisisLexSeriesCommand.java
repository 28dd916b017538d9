package io.vigie.devtools.cli;

import io.vigie.app.cli.ExitCode;
import io.vigie.app.cli.VigieCommand;
import io.vigie.devtools.eval.CountSeriesBacktest;
import io.vigie.devtools.eval.CrisisLexEvaluation;
import io.vigie.devtools.eval.CrisisLexSeries;
import io.vigie.devtools.eval.CrisisLexSeriesTables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vigie eval crisislex-series}: CrisisLex T6 events as per-minute count series through
 * {@code vigie backtest --format COUNTS}, scored like the sudden crises of issue 20 ({@link
 * CrisisLexSeries}), shown as {@link CrisisLexSeriesTables}.
 */
@Command(
    name = "crisislex-series",
    mixinStandardHelpOptions = true,
    description = {
      "CrisisLex T6 events as per-minute count series through `vigie backtest --format COUNTS` (the volume-spike detector alone, defaults): posts per minute of each file from its first post to a day after a sudden event's onset, scored by latency from the first post at or after the onset, alerts before the onset and further alerts; and the off-topic posts alone per minute over the whole file, where every alert is false.",
      "Without --data, the two CrisisLex samples bundled with Vigie."
    })
final class EvalCrisisLexSeriesCommand extends VigieCommand {

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
      CrisisLexSeriesTables.print(results, out());
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

  private static void deleteFolder(Path folder) throws IOException {
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
