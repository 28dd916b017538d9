package io.vigie.app.backtest;

import io.vigie.alerts.AlertPrinter;
import io.vigie.alerts.FalsePositives;
import io.vigie.ingest.replay.ReplayInput;
import io.vigie.streams.detect.Backtest;
import io.vigie.streams.detect.DetectionSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A history of posts through {@link PostsBacktest}, as {@code vigie backtest} runs it on the
 * terminal: unreadable lines are counted on {@code err}, alerts print as they fire (unless quiet),
 * each with the false-positive mark people gave it before, and a summary ends the run.
 */
public final class PostsBacktestRun {

  private final Supplier<DetectionSettings> detection;
  private final Path rules;
  private final Path falsePositives;
  private final boolean quiet;
  private final PrintWriter out;
  private final PrintWriter err;

  /**
   * A run with the watch rules in {@code rules} and the marks in {@code falsePositives} (either may
   * be null: none). The {@code detection} settings are asked for once the history is read, so that
   * a history that cannot be read is reported before a configuration that cannot be.
   */
  public PostsBacktestRun(
      Supplier<DetectionSettings> detection,
      Path rules,
      Path falsePositives,
      boolean quiet,
      PrintWriter out,
      PrintWriter err) {
    this.detection = detection;
    this.rules = rules;
    this.falsePositives = falsePositives;
    this.quiet = quiet;
    this.out = out;
    this.err = err;
  }

  /** Runs the posts in {@code input}, writing signals and alerts to the folder {@code output}. */
  public void run(Path input, Path output) throws IOException {
    ReplayInput history = ReplayInput.read(input, "file", Instant.now());
    if (!history.unreadable().isEmpty()) {
      err.printf(
          "%d unreadable lines skipped (first: line %d, %s)%n",
          history.unreadable().size(),
          history.unreadable().get(0).line(),
          history.unreadable().get(0).reason());
    }
    PostsBacktest backtest = new PostsBacktest(detection.get(), BacktestFiles.readRules(rules));
    AlertPrinter printer = new AlertPrinter(out);
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
                          out.printf(
                              "  ✗ marked a false positive by %s on %s%s%n",
                              mark.actor(),
                              mark.actedAt(),
                              mark.comment() == null ? "" : ": " + mark.comment()));
            });
    Backtest.Results results = outcome.results();
    double seconds = outcome.seconds();
    out.printf(
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
      out.printf(
          "%d of these incidents were marked as false positives (of %d marks in %s).%n",
          rejectedAgain.size(), rejected.size(), falsePositives);
    }
  }
}
