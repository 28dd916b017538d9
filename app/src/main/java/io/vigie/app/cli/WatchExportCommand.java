package io.vigie.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.vigie.app.watch.WatchRules;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigie watch export}: writes every rule as a JSON array. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = "Write every rule as a JSON array (to standard output, or --output).")
final class WatchExportCommand extends VigieCommand {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(names = "--output", paramLabel = "FILE")
  Path output;

  @Override
  public Integer call() throws Exception {
    ArrayNode array = JSON.createArrayNode();
    WatchCommand.rules(this).all().values().forEach(rule -> array.add(WatchRules.toJson(rule)));
    String text = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(array) + "\n";
    if (output == null) {
      out().print(text);
    } else {
      Files.writeString(output, text, StandardCharsets.UTF_8);
      out().println(array.size() + " watch rules written to " + output);
    }
    return ExitCode.OK.code();
  }
}
