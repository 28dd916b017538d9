package io.vigie.app.cli;

import io.vigie.app.Connections;
import io.vigie.app.dlq.DeadLetterContents;
import io.vigie.app.dlq.DeadLetterReader;
import io.vigie.schema.DeadLetter;
import io.vigie.schema.Topic;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code vigie dlq show}: one dead letter in full. */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description = "Show one dead letter in full: PARTITION:OFFSET as 'dlq list' prints it.")
final class DlqShowCommand extends DlqTopicCommand {
  @Parameters(index = "1", paramLabel = "PARTITION:OFFSET")
  String position;

  @Override
  public Integer call() {
    Topic<String, DeadLetter> topic = resolve();
    if (topic == null) {
      return ExitCode.USAGE.code();
    }
    String[] parts = position.split(":");
    if (parts.length != 2) {
      err().println("Expected PARTITION:OFFSET, e.g. 0:42, not '" + position + "'");
      return ExitCode.USAGE.code();
    }
    Optional<DeadLetter> letter =
        DeadLetterReader.find(
            Connections.kafka(config()),
            topic,
            Integer.parseInt(parts[0]),
            Long.parseLong(parts[1]));
    if (letter.isPresent()) {
      print(letter.get());
      return ExitCode.OK.code();
    }
    err().println("No dead letter at " + topic.name() + " " + position);
    return ExitCode.FAILED.code();
  }

  private void print(DeadLetter letter) {
    out().println("stage:         " + letter.getStage());
    out().println("failed at:     " + letter.getFailedAt());
    out().println("error:         " + letter.getErrorClass());
    out().println("message:       " + letter.getErrorMessage());
    if (letter.getSourceTopic() != null) {
      out()
          .println(
              "read from:     "
                  + letter.getSourceTopic()
                  + "-"
                  + letter.getSourcePartition()
                  + "@"
                  + letter.getSourceOffset());
    }
    letter.getAttributes().forEach((k, v) -> out().println("attribute:     " + k + " = " + v));
    if (letter.getOriginalKey() != null) {
      out().println("original key:  " + DeadLetterContents.text(letter.getOriginalKey()));
    }
    if (letter.getOriginalValue() != null) {
      byte[] value = DeadLetterContents.bytes(letter.getOriginalValue());
      out().println("original value (" + value.length + " bytes):");
      out().println(DeadLetterContents.describe(value));
    }
    out().flush();
  }
}
