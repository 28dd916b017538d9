package io.vigie.app.cli;

import io.vigie.alerts.AlertPrinter;
import io.vigie.alerts.FalsePositives;
import io.vigie.app.backtest.BacktestFiles;
import io.vigie.app.backtest.CountSeries;
import io.vigie.app.backtest.PostsBacktest;
import io.vigie.ingest.replay.ReplayInput;
import io.vigie.streams.detect.Backtest;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code vigie backtest}: the live detectors over history, as fast as the machine allows, with the
 * posts' own times. This is how rules and settings are tuned on one's own data.
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
    List<CountSeries.Row> rows = CountSeries.read(input);
    Path results = output.resolve("results.csv");
    Path signals = output.resolve("signals.jsonl");
    int opened;
    try (BufferedWriter csv = Files.newBufferedWriter(results, StandardCharsets.UTF_8);
        BufferedWriter jsonl = Files.newBufferedWriter(signals, StandardCharsets.UTF_8)) {
      opened = CountSeries.run(rows, cycleSlots, csv, jsonl);
    }
    out()
        .printf(
            Locale.ROOT,
            "%,d rows, %d episodes opened; wrote %s and %s%n",
            rows.size(),
            opened,
            results,
            signals);
    return ExitCode.OK.code();
  }

  private int posts() throws IOException {
    ReplayInput history = ReplayInput.read(input, "file", Instant.now());
    if (!history.unreadable().isEmpty()) {
      err()
          .printf(
              "%d unreadable lines skipped (first: line %d, %s)%n",
              history.unreadable().size(),
              history.unreadable().get(0).line(),
              history.unreadable().get(0).reason());
    }
    PostsBacktest backtest =
        new PostsBacktest(config().detectionSettings(), BacktestFiles.readRules(rules));
    AlertPrinter printer = new AlertPrinter(out());
    FalsePositives rejected =
        falsePositives == null ? FalsePositives.of(List.of()) : FalsePositives.read(falsePositives);
    Set<String> rejectedAgain = new LinkedHashSet<>();
    PostsBacktest.Outcome outcome =
        backtest.run(
            history.posts(),
            output,
            alert -> {
              if (!quiet) {
                printer.print(alert);
              }
              rejected
                  .of(alert.getId())
                  .filter(mark -> rejectedAgain.add(alert.getId()))
                  .ifPresent(
                      mark ->
                          out()
                              .printf(
                                  "  ✗ marked a false positive by %s on %s%s%n",
                                  mark.actor(),
                                  mark.actedAt(),
                                  mark.comment() == null ? "" : ": " + mark.comment()));
            });
    Backtest.Results results = outcome.results();
    double seconds = outcome.seconds();
    out()
        .printf(
            Locale.ROOT,
            "%n%,d posts in %.1f s (%,.0f posts/s): %,d signals, %,d incidents (%,d alert versions),"
                + " %d late and %d early posts dropped; wrote %s%n",
            history.posts().size(),
            seconds,
            history.posts().size() / Math.max(seconds, 1e-9),
            results.signals().size(),
            outcome.incidents(),
            results.alerts().size(),
            results.late(),
            results.ahead(),
            output);
    if (falsePositives != null) {
      out()
          .printf(
              "%d of these incidents were marked as false positives (of %d marks in %s).%n",
              rejectedAgain.size(), rejected.size(), falsePositives);
    }
    return ExitCode.OK.code();
  }
}
