package io.vigie.app.cli;

import picocli.CommandLine.Command;

/**
 * {@code vigie dlq}: what the stages could not process. {@code list} summarises a dead-letter topic
 * and shows its latest letters, {@code show} one letter in full (its original bytes decoded when
 * they are a Vigie record), and {@code redrive} sends letters back to the topic they were read
 * from, once the cause is fixed, each at most once per redrive group.
 */
@Command(
    name = "dlq",
    mixinStandardHelpOptions = true,
    description = "Inspect dead letters and send them back once fixed.",
    subcommands = {DlqListCommand.class, DlqShowCommand.class, DlqRedriveCommand.class})
public final class DlqCommand {}
