package io.vigie.devtools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.app.Vigie;
import io.vigie.app.cli.ExitCode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The launcher's exit codes and messages, without servers. */
class VigieCommandTest {

  record Run(int exit, String out, String err) {}

  private static Run vigie(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Vigie.execute(args, env, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void shouldListEveryCommandInHelp() {
    Run help = vigie(Map.of(), "--help");

    assertThat(help.exit()).isEqualTo(ExitCode.OK.code());
    assertThat(help.out())
        .contains("demo", "stack", "setup", "streams", "index", "config", "Exit codes");
  }

  @Test
  void shouldExitWithUsageErrorOnUnknownCommand() {
    Run run = vigie(Map.of(), "frobnicate");

    assertThat(run.exit()).isEqualTo(ExitCode.USAGE.code());
    assertThat(run.err()).contains("frobnicate");
  }

  @Test
  void shouldExitWithConfigurationErrorOnUnknownKey() {
    Run run = vigie(Map.of(), "config", "show", "--set", "topics.partition=3");

    assertThat(run.exit()).isEqualTo(ExitCode.BAD_CONFIG.code());
    assertThat(run.err()).contains("topics.partition").contains("topics.partitions");
  }

  @Test
  void shouldShowEffectiveConfigurationFromEnvironmentAndFlags() {
    Run run =
        vigie(
            Map.of("VIGIE_TOPICS_PREFIX", "acme."),
            "config",
            "show",
            "--set",
            "streams.threads=4",
            "--set",
            "elasticsearch.api-key=c2VjcmV0");

    assertThat(run.exit()).isEqualTo(ExitCode.OK.code());
    assertThat(run.out())
        .contains("topics.prefix=acme.")
        .contains("streams.threads=4")
        .contains("elasticsearch.api-key=[hidden]")
        .doesNotContain("c2VjcmV0");
  }
}
