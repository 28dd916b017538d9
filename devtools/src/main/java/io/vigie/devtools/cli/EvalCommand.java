package io.vigie.devtools.cli;

import picocli.CommandLine.Command;

/** {@code vigie eval ...}: quality figures on labelled data, printed as Markdown. */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = "Measure detection and enrichment quality on labelled data.",
    subcommands = {
      EvalDedupCommand.class,
      EvalEnrichmentCommand.class,
      EvalNabCommand.class,
      EvalCrisisLexCommand.class,
      EvalCrisisLexSeriesCommand.class,
      EvalScenariosCommand.class,
      EvalDemoCommand.class
    })
public final class EvalCommand {

  private EvalCommand() {}
}
