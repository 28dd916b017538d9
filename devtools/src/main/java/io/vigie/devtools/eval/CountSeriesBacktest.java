package io.vigie.devtools.eval;

import io.vigie.app.backtest.CountSeries;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A series through what {@code vigie backtest --format COUNTS FILE} runs, with its defaults: the
 * series is written to {@code FILE} in a folder, read back by {@link CountSeries#read} and run by
 * {@link CountSeries#run}; the alerts are the rows of the results CSV with {@code alert} 1. Going
 * through the file keeps the evaluation on the very input a user can give the command.
 */
public final class CountSeriesBacktest implements CrisisLexSeries.Detector {

  /** {@code vigie backtest}'s default {@code --cycle-slots}: the hour-of-day cycle. */
  static final int CYCLE_SLOTS = 24;

  private final Path folder;

  /** {@code folder} receives one {@code <name>.csv} a series, left there for anyone to rerun. */
  public CountSeriesBacktest(Path folder) {
    this.folder = folder;
  }

  /** The file a series of that name is written to. */
  public Path file(String name) {
    return folder.resolve(name + ".csv");
  }

  @Override
  public boolean[] alerts(String name, CrisisLexSeries.Series series) throws IOException {
    Files.createDirectories(folder);
    Path file = file(name);
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      series.write(out);
    }
    List<CountSeries.Row> rows = CountSeries.read(file);
    StringWriter results = new StringWriter();
    CountSeries.run(rows, CYCLE_SLOTS, results, Writer.nullWriter());
    List<String> lines = results.toString().lines().skip(1).toList();
    if (lines.size() != series.counts().length) {
      throw new IllegalStateException(
          file + ": " + lines.size() + " result rows for " + series.counts().length + " minutes");
    }
    boolean[] alerts = new boolean[lines.size()];
    for (int row = 0; row < alerts.length; row++) {
      String line = lines.get(row);
      // timestamp,value,anomaly_score,alert: the flag is the last field.
      alerts[row] = line.substring(line.lastIndexOf(',') + 1).strip().equals("1");
    }
    return alerts;
  }
}
