package io.vigie.app.cli;

import io.vigie.schema.WatchRule;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code vigie watch list}: lists the rules. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the rules.")
final class WatchListCommand extends VigieCommand {
  @Override
  public Integer call() throws Exception {
    Map<String, WatchRule> all = WatchCommand.rules(this).all();
    if (all.isEmpty()) {
      out().println("No watch rules.");
      return ExitCode.OK.code();
    }
    for (WatchRule rule : all.values()) {
      out()
          .printf(
              "%-24s %-8s %-8s %s%n",
              rule.getId(),
              rule.getEnabled() ? "enabled" : "disabled",
              rule.getLanguages().isEmpty() ? "any" : String.join(",", rule.getLanguages()),
              rule.getQuery());
    }
    return ExitCode.OK.code();
  }
}
