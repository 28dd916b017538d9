package io.vigie.devtools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.app.Vigie;
import io.vigie.app.cli.ExitCode;
import io.vigie.app.config.VigieConfig;
import io.vigie.app.testing.CliRun;
import io.vigie.localstack.LocalStack;
import io.vigie.testkit.RealServers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The launcher's server-facing commands, run in-process through {@link Vigie#execute}, on real
 * servers.
 */
class VigieCliIT {

  private static final Path STACK_DIR =
      VigieConfig.defaults().stackDir().resolve("it-cli-" + ProcessHandle.current().pid());

  @Test
  void shouldStartReportAndStopTheLocalStack() {
    try {
      CliRun up = vigie("stack", "up");
      assertThat(up.exit()).as(up.err()).isEqualTo(ExitCode.OK.code());
      assertThat(up.out())
          .contains("kafka.bootstrap.servers=127.0.0.1:")
          .contains("elasticsearch.urls=http://127.0.0.1:");

      CliRun again = vigie("stack", "up");
      assertThat(again.out()).contains("Already running");
      CliRun setup = vigie("setup");
      assertThat(setup.exit()).as(setup.err()).isEqualTo(ExitCode.OK.code());
      CliRun status = vigie("stack", "status");
      assertThat(status.exit()).isEqualTo(ExitCode.OK.code());
      assertThat(status.out()).contains("healthy");

      CliRun down = vigie("stack", "down");
      assertThat(down.out()).contains("stopped");
      CliRun after = vigie("stack", "status");
      assertThat(after.exit()).isEqualTo(ExitCode.UNAVAILABLE.code());
      assertThat(after.out()).contains("not running");
    } finally {
      vigie("stack", "down");
    }
  }

  /**
   * The whole demo, on the build's servers as configured clusters (names of the run's own): a
   * second local stack would add half a minute, and the demo starting and stopping its own is what
   * DemoChildrenIT proves.
   */
  @Test
  @ExtendWith(RealServers.class)
  void shouldRunTheDemoEndToEnd(LocalStack stack) {
    CliRun demo =
        CliRun.vigie(
            Map.of(
                VigieConfig.STACK_DIR,
                STACK_DIR.toString(),
                VigieConfig.KAFKA_BOOTSTRAP,
                stack.bootstrapServers().orElseThrow(),
                VigieConfig.ES_URLS,
                stack.elasticsearchUrl().orElseThrow().toString(),
                VigieConfig.ES_REPLICAS,
                "0"), // a single node
            "demo");

    assertThat(demo.exit()).as(demo.err()).isEqualTo(ExitCode.OK.code());
    assertThat(demo.out())
        .contains("Published 20018 posts")
        .contains("Elasticsearch holds 20018 of the 20018 posts")
        .containsPattern("It also holds [1-9][0-9]* incidents")
        .contains("Explosion")
        .contains("Volume spike: crisis vocabulary  2013-04-15 18:5")
        .contains("incidents opened");
  }

  @Test
  void shouldExitWithConfigurationErrorWhenNoClusterIsAvailable() {
    CliRun setup = vigie("setup");

    assertThat(setup.exit()).isEqualTo(ExitCode.BAD_CONFIG.code());
    assertThat(setup.err()).contains("vigie stack up");
  }

  @AfterAll
  static void deleteStackFolder() throws IOException {
    if (Files.exists(STACK_DIR)) {
      try (Stream<Path> files = Files.walk(STACK_DIR)) {
        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(file);
        }
      }
    }
  }

  private static CliRun vigie(String... args) {
    return CliRun.vigie(
        Map.of(
            VigieConfig.STACK_DIR,
            STACK_DIR.toString(),
            VigieConfig.STACK_ES_HEAP,
            "512m",
            VigieConfig.STACK_KAFKA_HEAP,
            "384m",
            VigieConfig.STACK_SERVER_JVM_OPTIONS,
            String.join(" ", RealServers.SERVER_JVM_OPTIONS)),
        args);
  }
}
