package io.vigie.devtools.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.app.Vigie;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evaluation's detector is what {@code vigie backtest --format COUNTS} runs on the same file.
 */
class CountSeriesBacktestTest {

  @TempDir Path dir;

  @Test
  void flagsTheRowsThatTheBacktestCommandMarksAsAlertsAndKeepsTheSeriesFile() throws Exception {
    // Two days of a quiet daily rhythm, then a burst: input only, no figure of the detector's is
    // asserted, only that both paths agree row for row.
    long[] counts = new long[3 * 1440];
    for (int i = 0; i < counts.length; i++) {
      counts[i] = (i / 60) % 24 < 8 ? 0 : 1 + i % 3;
    }
    for (int i = 2 * 1440 + 600; i < 2 * 1440 + 620; i++) {
      counts[i] = 40;
    }
    CrisisLexSeries.Series series =
        new CrisisLexSeries.Series(Instant.parse("2013-04-15T00:00:00Z"), counts);
    CountSeriesBacktest backtest = new CountSeriesBacktest(dir.resolve("series"));

    boolean[] alerts = backtest.alerts("burst", series);

    Path file = backtest.file("burst");
    assertThat(file).exists();
    Path output = dir.resolve("backtest");
    StringWriter err = new StringWriter();
    int exit =
        Vigie.execute(
            new String[] {
              "backtest", "--format", "COUNTS", "--output", output.toString(), file.toString()
            },
            Map.of(),
            new PrintWriter(new StringWriter(), true),
            new PrintWriter(err, true));
    assertThat(exit).as(err.toString()).isZero();
    List<String> rows = Files.readAllLines(output.resolve("results.csv")).stream().skip(1).toList();
    assertThat(rows).hasSize(counts.length);
    boolean[] expected = new boolean[rows.size()];
    for (int i = 0; i < expected.length; i++) {
      expected[i] = rows.get(i).endsWith(",1");
    }
    assertThat(alerts).containsExactly(expected);
  }
}
