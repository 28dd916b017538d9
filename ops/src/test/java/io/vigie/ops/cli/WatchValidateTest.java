package io.vigie.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.ops.Vigie;
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
        .isEqualTo(Vigie.OK);
    assertThat(out.toString()).startsWith("Valid:");
  }

  @Test
  void pointsAtTheSyntaxError() {
    StringWriter err = new StringWriter();
    assertThat(validate("marque AND )", new StringWriter(), err)).isEqualTo(Vigie.USAGE);
    assertThat(err.toString())
        .contains("at character 12: ')' where a term is expected")
        .contains("  marque AND )\n             ^");
  }
}
