package io.vigie.app.cli;

import io.vigie.app.Connections;
import io.vigie.app.dlq.DeadLetterRedrive;
import io.vigie.schema.DeadLetter;
import io.vigie.schema.Topic;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigie dlq redrive}: sends dead letters back to the topic they were read from. */
@Command(
    name = "redrive",
    mixinStandardHelpOptions = true,
    description = {
      "Send dead letters back to the topic they were read from, with their original key and bytes, once the cause is fixed.",
      "Letters are taken in order through the consumer group vigie-dlq-redrive-TOPIC, so each is sent back once; --from-beginning starts over.",
      "Letters refused before Kafka (ingest: a file line, an HTTP body) have no topic to go back to: fix the input and ingest it again."
    })
final class DlqRedriveCommand extends DlqTopicCommand {
  @Option(names = "--error-class", description = "Only letters of this error class.")
  String errorClass;

  @Option(names = "--dry-run", description = "Say what would be sent; send and commit nothing.")
  boolean dryRun;

  @Option(
      names = "--from-beginning",
      description = "Start from the topic's first letter, not where the last redrive stopped.")
  boolean fromBeginning;

  @Override
  public Integer call() throws Exception {
    Topic<String, DeadLetter> topic = resolve();
    if (topic == null) {
      return ExitCode.USAGE.code();
    }
    DeadLetterRedrive.Outcome outcome =
        DeadLetterRedrive.redrive(
            Connections.kafka(config()), topic, name, errorClass, dryRun, fromBeginning);
    out()
        .printf(
            "%s %d dead letters of %s back to their topics; %d skipped (other error classes), %d with no topic to go back to%n",
            dryRun ? "Would send" : "Sent",
            outcome.sent(),
            topic.name(),
            outcome.skipped(),
            outcome.noSource());
    out().flush();
    return ExitCode.OK.code();
  }
}
