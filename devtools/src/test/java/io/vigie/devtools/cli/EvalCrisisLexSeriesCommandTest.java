package io.vigie.devtools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.app.Vigie;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigie eval crisislex-series} on the bundled samples: its tables and its series files. */
class EvalCrisisLexSeriesCommandTest {

  @TempDir Path dir;

  @Test
  void printsBothTablesAndLeavesTheSeriesWhereAsked() throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Path series = dir.resolve("series");

    int exit =
        Vigie.execute(
            new String[] {"eval", "crisislex-series", "--series-output", series.toString()},
            Map.of(),
            new PrintWriter(out, true),
            new PrintWriter(err, true));

    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("| event | onset | volume series (minutes) |")
        .contains("| 2013_Boston_Bombings | 2013-04-15 18:49 | 2,568 |")
        .contains("| 2013_West_Texas_Explosion | 2013-04-18 00:50 |")
        .contains("| event | latency ≤ 15 min | 0 alerts before the onset |")
        .contains("sudden events alerted within 15 min");
    for (String name :
        new String[] {
          "2013_Boston_Bombings-volume.csv",
          "2013_Boston_Bombings-off-topic.csv",
          "2013_West_Texas_Explosion-volume.csv",
          "2013_West_Texas_Explosion-off-topic.csv"
        }) {
      assertThat(series.resolve(name)).exists();
    }
    // A header and one row a minute of the volume series.
    assertThat(Files.readAllLines(series.resolve("2013_Boston_Bombings-volume.csv")))
        .hasSize(1 + 2568)
        .startsWith("timestamp,value", "2013-04-15 00:01:00,1");
  }
}
