package io.vigie.app.cli;

import io.vigie.app.watch.WatchRules;
import io.vigie.streams.watch.WatchQueryException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code vigie watch validate}: checks a query without saving anything. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = "Check a query without saving anything (no cluster needed).")
final class WatchValidateCommand extends VigieCommand {
  @Parameters(paramLabel = "QUERY")
  String query;

  @Override
  public Integer call() {
    try {
      WatchRules.validate(query);
      out().println("Valid: " + query);
      return ExitCode.OK.code();
    } catch (WatchQueryException e) {
      WatchCommand.explain(err(), "query", query, e);
      return ExitCode.USAGE.code();
    }
  }
}
