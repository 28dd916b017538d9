package io.vigie.app.cli;

import picocli.CommandLine.Command;

/**
 * {@code vigie silence add|list|remove}: silences at run time, through the alert API that {@code
 * vigie alerts} serves (so any instance takes them and every instance applies them). Exit codes: 0
 * done; 2 refused as bad input (the API's 400, with its message); 1 refused otherwise (401, 403,
 * 404, 409); 4 the API could not be reached or could not record the change.
 */
@Command(
    name = "silence",
    mixinStandardHelpOptions = true,
    subcommands = {SilenceAddCommand.class, SilenceListCommand.class, SilenceRemoveCommand.class},
    description = {
      "Silence alerts at run time through the alert API of vigie alerts (see docs/alerts.md): add, list, remove.",
      "The bearer token comes from --token or VIGIE_API_TOKEN."
    })
public final class SilenceCommand {}
