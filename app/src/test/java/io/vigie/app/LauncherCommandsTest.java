package io.vigie.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigie.app.cli.ExitCode;
import io.vigie.app.config.VigieConfig;
import io.vigie.core.LocalClusters;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class LauncherCommandsTest {

  @Test
  void productLauncherListsOnlyTheProductsCommandsInTheirFixedOrder() {
    CommandLine cli = new CommandLine(new Vigie());

    Vigie.addCommands(cli, List.of());

    assertThat(cli.getSubcommands().keySet())
        .containsExactly(
            "ingest",
            "setup",
            "streams",
            "watch",
            "backtest",
            "index",
            "retention",
            "alerts",
            "console",
            "silence",
            "dlq",
            "reset",
            "erase-author",
            "kibana",
            "config",
            "help");
  }

  @Test
  void extensionCommandsTakeTheirPlaceInTheFixedOrder() {
    CommandLine cli = new CommandLine(new Vigie());

    Vigie.addCommands(cli, List.of(new Extension(List.of(new Demo(), Bench.class))));

    assertThat(cli.getSubcommands().keySet())
        .startsWith("demo", "ingest")
        .endsWith("kibana", "bench", "config", "help");
  }

  @Test
  void shouldRefuseAnExtensionCommandWithoutAPlaceInTheOrder() {
    CommandLine cli = new CommandLine(new Vigie());

    assertThatThrownBy(
            () -> Vigie.addCommands(cli, List.of(new Extension(List.of(Unplaced.class)))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("unplaced");
  }

  @Test
  void inheritedOptionsReachExtensionCommands() {
    CommandLine cli = new CommandLine(new Vigie());
    Vigie.addCommands(cli, List.of(new Extension(List.of(new Demo()))));

    CommandLine.ParseResult parsed = cli.parseArgs("demo", "--set", "topics.prefix=x.");

    assertThat(parsed.subcommand().hasMatchedOption("--set")).isTrue();
  }

  @Test
  void productLauncherSaysADevToolIsNotInItsBuild() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int exit =
        Vigie.execute(
            new String[] {"demo"},
            Map.of(),
            new PrintWriter(out, true),
            new PrintWriter(err, true));

    assertThat(exit).isEqualTo(ExitCode.USAGE.code());
    assertThat(err.toString())
        .isEqualTo(
            "vigie demo is one of the dev tools, which this build of Vigie does not hold: run it"
                + " with ./vigie from a Vigie source checkout.\n");
  }

  @Test
  void anUnknownCommandGetsPicocliUsualAnswer() {
    StringWriter err = new StringWriter();

    int exit =
        Vigie.execute(
            new String[] {"demos"},
            Map.of(),
            new PrintWriter(new StringWriter(), true),
            new PrintWriter(err, true));

    assertThat(exit).isEqualTo(ExitCode.USAGE.code());
    assertThat(err.toString()).contains("Unmatched argument at index 0: 'demos'");
  }

  @Test
  void shouldRefuseAnExtensionCommandThatWouldShadowAProductCommand() {
    CommandLine cli = new CommandLine(new Vigie());

    assertThatThrownBy(() -> Vigie.addCommands(cli, List.of(new Extension(List.of(Streams.class)))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Two commands are named streams");
  }

  @Test
  void productVersionNamesItsKafkaClientsAndNoLocalStack() {
    assertThat(Vigie.versionLines(false)[1]).startsWith("Kafka clients ").doesNotContain("local");
    assertThat(Vigie.versionLines(true)[1]).endsWith("(local stack)");
  }

  private record Extension(List<Object> commands) implements LauncherExtension {
    @Override
    public Optional<LocalClusters> runningLocalStack(VigieConfig config) {
      return Optional.empty();
    }
  }

  @Command(name = "demo")
  static final class Demo implements Runnable {
    @Override
    public void run() {}
  }

  @Command(name = "bench")
  static final class Bench implements Runnable {
    @Override
    public void run() {}
  }

  @Command(name = "streams")
  static final class Streams implements Runnable {
    @Override
    public void run() {}
  }

  @Command(name = "unplaced")
  static final class Unplaced implements Runnable {
    @Override
    public void run() {}
  }
}
