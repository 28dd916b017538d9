package io.vigie.app.cli;

import io.vigie.app.backtest.BacktestFiles;
import io.vigie.app.backtest.CountSeriesRun;
import io.vigie.app.backtest.PostsBacktestRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code vigie backtest}: the live detectors over history, as fast as the machine allows, with the
 * posts' own times ({@link PostsBacktestRun}, {@link CountSeriesRun}). This is how rules and
 * settings are tuned on one's own data.
 */
@Command(
    name = "backtest",
    mixinStandardHelpOptions = true,
    description = {
      "Run Vigie's detectors over history with original event times; write signals and alerts as JSON lines.",
      "Posts: CrisisLex T6 CSV or JSON lines (.gz too) go through clustering, enrichment and detection.",
      "Count series (timestamp,value): the volume-spike detector alone; also writes NAB's results CSV."
    })
public final class BacktestCommand extends VigieCommand {

  enum Format {
    AUTO,
    POSTS,
    COUNTS
  }

  @Parameters(paramLabel = "FILE", description = "The history: posts or a count series.")
  Path input;

  @Option(
      names = "--format",
      defaultValue = "AUTO",
      description = "AUTO (counts when the first data line is timestamp,number), POSTS or COUNTS.")
  Format format;

  @Option(
      names = "--rules",
      paramLabel = "FILE",
      description = "Watch rules to match, as `vigie watch export` writes them (a JSON array).")
  Path rules;

  @Option(
      names = "--output",
      paramLabel = "DIR",
      defaultValue = "backtest-output",
      description = "Where signals.jsonl, alerts.jsonl (and results.csv for a count series) go.")
  Path output;

  @Option(
      names = "--cycle-slots",
      defaultValue = "24",
      description =
          "For a count series: the cycle learned, 24 (hour of day), 168 (hour of week) or 0.")
  int cycleSlots;

  @Option(
      names = "--false-positives",
      paramLabel = "FILE",
      description =
          "Alerts people marked as false positives (vigie alerts false-positives --output FILE): shown as such where the backtest raises them again.")
  Path falsePositives;

  @Option(names = "--quiet", description = "Do not print alerts as they fire.")
  boolean quiet;

  @Override
  public Integer call() throws Exception {
    if (!Files.isReadable(input)) {
      err().println(input + ": not a readable file");
      return ExitCode.USAGE.code();
    }
    Files.createDirectories(output);
    Format effective =
        format == Format.AUTO
            ? BacktestFiles.isCountSeries(input) ? Format.COUNTS : Format.POSTS
            : format;
    try {
      return effective == Format.COUNTS ? counts() : posts();
    } catch (IllegalArgumentException e) {
      err().println(e.getMessage());
      return ExitCode.USAGE.code();
    }
  }

  private int counts() throws IOException {
    CountSeriesRun.run(input, output, cycleSlots, out());
    return ExitCode.OK.code();
  }

  private int posts() throws IOException {
    new PostsBacktestRun(
            () -> config().detectionSettings(), rules, falsePositives, quiet, out(), err())
        .run(input, output);
    return ExitCode.OK.code();
  }
}
