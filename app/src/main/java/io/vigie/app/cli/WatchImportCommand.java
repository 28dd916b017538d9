package io.vigie.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigie.app.watch.WatchRules;
import io.vigie.schema.WatchRule;
import io.vigie.streams.watch.WatchQueryException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code vigie watch import}: adds or replaces the rules of a JSON file. */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description =
        "Add or replace the rules of a JSON file (an array, as export writes): all or none.")
final class WatchImportCommand extends VigieCommand {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Parameters(paramLabel = "FILE")
  Path file;

  @Override
  public Integer call() throws Exception {
    JsonNode array;
    try {
      array = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      err().println(file + ": " + e.getMessage());
      return ExitCode.USAGE.code();
    }
    if (array == null || !array.isArray()) {
      err().println(file + ": expected a JSON array of rules");
      return ExitCode.USAGE.code();
    }
    List<WatchRule> parsed = new ArrayList<>();
    boolean valid = true;
    Instant now = Instant.now();
    for (int i = 0; i < array.size(); i++) {
      String where = file + " rule " + (i + 1);
      try {
        WatchRule rule = WatchRules.fromJson(array.get(i), now);
        WatchRules.validate(rule.getQuery());
        parsed.add(rule);
      } catch (IllegalArgumentException e) {
        err().println(where + ": " + e.getMessage());
        valid = false;
      } catch (WatchQueryException e) {
        WatchCommand.explain(err(), where, array.get(i).path("query").asText(), e);
        valid = false;
      }
    }
    if (!valid) {
      err().println("Nothing imported.");
      return ExitCode.USAGE.code();
    }
    WatchCommand.rules(this).put(parsed);
    out().println(parsed.size() + " watch rules imported from " + file);
    return ExitCode.OK.code();
  }
}
