package io.vigie.app.cli;

import io.vigie.app.watch.WatchRules;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code vigie watch remove}: removes a rule. */
@Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a rule.")
final class WatchRemoveCommand extends VigieCommand {
  @Parameters(paramLabel = "ID", description = "The rule's id.")
  String id;

  @Override
  public Integer call() throws Exception {
    WatchRules rules = WatchCommand.rules(this);
    if (!rules.all().containsKey(id)) {
      err().println("No watch rule '" + id + "' (see: vigie watch list)");
      return ExitCode.USAGE.code();
    }
    rules.remove(id);
    out().println("Watch rule '" + id + "' removed.");
    return ExitCode.OK.code();
  }
}
