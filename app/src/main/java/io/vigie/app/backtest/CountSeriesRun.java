package io.vigie.app.backtest;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A count series file through {@link CountSeries}, as {@code vigie backtest} runs it: NAB's {@code
 * results.csv} and the episodes' {@code signals.jsonl} in the output folder, and one line that says
 * how many rows and episodes there were.
 */
public final class CountSeriesRun {

  private CountSeriesRun() {}

  /**
   * Runs the series in {@code input} with {@code cycleSlots}, writing into the folder {@code
   * output}.
   */
  public static void run(Path input, Path output, int cycleSlots, PrintWriter out)
      throws IOException {
    List<CountSeries.Row> rows = CountSeries.read(input);
    Path results = output.resolve("results.csv");
    Path signals = output.resolve("signals.jsonl");
    int opened;
    try (BufferedWriter csv = Files.newBufferedWriter(results, StandardCharsets.UTF_8);
        BufferedWriter jsonl = Files.newBufferedWriter(signals, StandardCharsets.UTF_8)) {
      opened = CountSeries.run(rows, cycleSlots, csv, jsonl);
    }
    out.printf(
        Locale.ROOT,
        "%,d rows, %d episodes opened; wrote %s and %s%n",
        rows.size(),
        opened,
        results,
        signals);
  }
}
