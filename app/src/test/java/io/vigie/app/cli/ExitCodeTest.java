package io.vigie.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.app.Vigie;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The exit codes {@code vigie --help} documents are the ones the commands return. */
class ExitCodeTest {

  private static final Pattern ENTRY = Pattern.compile("^\\s+(\\d+)\\s+(\\S.*)$");

  private static List<String> helpExitCodes() {
    StringWriter out = new StringWriter();
    int exit =
        Vigie.execute(
            new String[] {"--help"},
            Map.of(),
            new PrintWriter(out, true),
            new PrintWriter(new StringWriter(), true));
    assertThat(exit).isEqualTo(ExitCode.OK.code());
    List<String> lines = out.toString().lines().toList();
    int heading = lines.indexOf("Exit codes:");
    assertThat(heading).as("the help's exit-code heading").isNotNegative();
    return lines.subList(heading + 1, lines.size()).stream()
        .takeWhile(line -> !line.isBlank())
        .map(
            line -> {
              Matcher entry = ENTRY.matcher(line);
              assertThat(entry.matches()).as("exit-code line '%s'", line).isTrue();
              return entry.group(1) + ":" + entry.group(2);
            })
        .toList();
  }

  @Test
  void helpListsExactlyTheExitCodesWithTheirDescriptionsInOrder() {
    List<String> expected =
        Arrays.stream(ExitCode.values())
            .map(exit -> exit.code() + ":" + exit.description())
            .toList();

    assertThat(helpExitCodes()).containsExactlyElementsOf(expected);
  }

  @Test
  void helpKeepsTheDocumentedExitCodes() {
    assertThat(helpExitCodes())
        .containsExactly(
            "0:Success.",
            "1:The task failed (see the message).",
            "2:Wrong usage: unknown option or command.",
            "3:Invalid configuration.",
            "4:A server could not be started or reached.",
            "130:Interrupted (Ctrl-C).");
  }

  @Test
  void eachExitCodeIsItsOwnStatus() {
    assertThat(Arrays.stream(ExitCode.values()).map(ExitCode::code)).doesNotHaveDuplicates();
  }
}
