package io.vigie.app.cli;

import io.vigie.app.watch.WatchRules;
import io.vigie.streams.watch.WatchQueryException;
import java.io.PrintWriter;
import picocli.CommandLine.Command;

/** {@code vigie watch ...}: the watch rules, live in their compacted topic. */
@Command(
    name = "watch",
    mixinStandardHelpOptions = true,
    description =
        "Add, list, remove, import, export and validate watch rules (they apply within seconds, no restart).",
    subcommands = {
      WatchAddCommand.class,
      WatchListCommand.class,
      WatchRemoveCommand.class,
      WatchSeedCommand.class,
      WatchImportCommand.class,
      WatchExportCommand.class,
      WatchValidateCommand.class
    })
public final class WatchCommand {

  private WatchCommand() {}

  static WatchRules rules(VigieCommand command) throws InterruptedException {
    IngestTarget target = IngestTarget.open(command.config());
    return new WatchRules(target.topics().watchRules(), target.kafka());
  }

  /** Prints a query error with a caret under the offending character. */
  static void explain(PrintWriter err, String where, String query, WatchQueryException e) {
    err.println(where + ": invalid query, " + e.getMessage());
    err.println("  " + query);
    err.println("  " + " ".repeat(Math.min(e.position(), query.length())) + "^");
  }
}
