package io.vigie.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.app.Vigie;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WatchValidateTest {

  private static int validate(String query, StringWriter out, StringWriter err) {
    return Vigie.execute(
        new String[] {"watch", "validate", query},
        Map.of(),
        new PrintWriter(out, true),
        new PrintWriter(err, true));
  }

  @Test
  void validatesAQueryWithoutACluster() {
    StringWriter out = new StringWriter();
    assertThat(validate("#boycott OR (marque AND (scandale OR arnaque))", out, new StringWriter()))
        .isEqualTo(ExitCode.OK.code());
    assertThat(out.toString()).startsWith("Valid:");
  }

  @Test
  void pointsAtTheSyntaxError() {
    StringWriter err = new StringWriter();
    assertThat(validate("marque AND )", new StringWriter(), err)).isEqualTo(ExitCode.USAGE.code());
    assertThat(err.toString())
        .contains("at character 12: ')' where a term is expected")
        .contains("  marque AND )\n             ^");
  }
}
