package io.vigie.app.cli;

import io.vigie.app.Connections;
import io.vigie.app.dlq.DeadLetterReader;
import io.vigie.app.dlq.DeadLetterSummary;
import io.vigie.schema.DeadLetter;
import io.vigie.schema.Topic;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigie dlq list}: counts a dead-letter topic's letters and shows the latest. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = "Count a dead-letter topic's letters by stage and error, and show the latest.")
final class DlqListCommand extends DlqTopicCommand {
  @Option(
      names = "--limit",
      defaultValue = "20",
      description = "Latest letters shown (default: ${DEFAULT-VALUE}).")
  int limit;

  @Override
  public Integer call() {
    Topic<String, DeadLetter> topic = resolve();
    if (topic == null) {
      return ExitCode.USAGE.code();
    }
    DeadLetterSummary summary =
        new DeadLetterSummary(DeadLetterReader.readAll(Connections.kafka(config()), topic));
    out().printf("%s: %d dead letters%n", topic.name(), summary.total());
    summary.counts().forEach((what, n) -> out().printf("  %6d  %s%n", n, what));
    List<ConsumerRecord<String, DeadLetter>> latest = summary.latest(limit);
    if (!latest.isEmpty()) {
      out().println();
    }
    for (ConsumerRecord<String, DeadLetter> r : latest) {
      DeadLetter letter = r.value();
      out()
          .printf(
              Locale.ROOT,
              "%d:%d  %s  %s  %s: %s%s%n",
              r.partition(),
              r.offset(),
              letter.getFailedAt(),
              letter.getStage(),
              letter.getErrorClass(),
              excerpt(letter.getErrorMessage(), 90),
              letter.getSourceTopic() == null
                  ? ""
                  : "  (from "
                      + letter.getSourceTopic()
                      + "-"
                      + letter.getSourcePartition()
                      + "@"
                      + letter.getSourceOffset()
                      + ")");
    }
    out().flush();
    return ExitCode.OK.code();
  }

  private static String excerpt(String text, int max) {
    String flat = text.replaceAll("\\s+", " ").strip();
    return flat.length() <= max ? flat : flat.substring(0, max - 1) + "…";
  }
}
