package io.vigie.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.app.Vigie;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code vigie console} refuses, before it connects anywhere, what would leave it open or mute. */
class ConsoleCommandTest {

  record Run(int exit, String err) {}

  private static Run console(Map<String, String> env) {
    StringWriter err = new StringWriter();
    int exit =
        Vigie.execute(
            new String[] {"console"},
            env,
            new PrintWriter(new StringWriter(), true),
            new PrintWriter(err, true));
    return new Run(exit, err.toString());
  }

  @Test
  void shouldRefuseToServeBeyondLoopbackWithoutTokens() {
    Run run = console(Map.of("VIGIE_CONSOLE_HOST", "0.0.0.0"));

    assertThat(run.exit()).isEqualTo(ExitCode.BAD_CONFIG.code());
    assertThat(run.err()).contains("beyond this machine").contains("api.tokens");
  }

  @Test
  void shouldRefuseAnAlertApiWithoutTokensSinceNobodyCouldAct() {
    Run run = console(Map.of("VIGIE_CONSOLE_API_URL", "http://alerts:8088"));

    assertThat(run.exit()).isEqualTo(ExitCode.BAD_CONFIG.code());
    assertThat(run.err()).contains("console.api-url").contains("api.tokens");
  }

  @Test
  void shouldRefuseAnAlertApiAddressThatIsNotAnHttpUrl() {
    Run run =
        console(
            Map.of(
                "VIGIE_CONSOLE_API_URL",
                "alerts:8088",
                "VIGIE_API_TOKENS",
                "long-random-token=camille:responder"));

    assertThat(run.exit()).isEqualTo(ExitCode.BAD_CONFIG.code());
    assertThat(run.err()).contains("console.api-url");
  }
}
