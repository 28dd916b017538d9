package io.vigie.ops.cli;

import io.vigie.ops.Connections;
import io.vigie.ops.config.VigieConfig;
import io.vigie.ops.dlq.DeadLetterContents;
import io.vigie.ops.dlq.DeadLetterReader;
import io.vigie.ops.dlq.DeadLetterRedrive;
import io.vigie.ops.dlq.DeadLetterTopics;
import io.vigie.schema.DeadLetter;
import io.vigie.schema.Topic;
import io.vigie.schema.VigieTopics;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

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
    subcommands = {
      DlqCommand.ListLetters.class,
      DlqCommand.ShowLetter.class,
      DlqCommand.RedriveLetters.class
    })
public final class DlqCommand {

  abstract static class DlqTask extends VigieCommand {
    @Parameters(
        index = "0",
        paramLabel = "TOPIC",
        description = "Which dead-letter topic: ingest, streams, indexer or dispatch.")
    String name;

    Topic<String, DeadLetter> resolve() {
      Topic<String, DeadLetter> topic =
          DeadLetterTopics.topic(
              VigieTopics.withPrefix(config().string(VigieConfig.TOPICS_PREFIX)), name);
      if (topic == null) {
        err().println("Unknown dead-letter topic '" + name + "': one of " + DeadLetterTopics.NAMES);
      }
      return topic;
    }

    static String excerpt(String text, int max) {
      String flat = text.replaceAll("\\s+", " ").strip();
      return flat.length() <= max ? flat : flat.substring(0, max - 1) + "…";
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Count a dead-letter topic's letters by stage and error, and show the latest.")
  static final class ListLetters extends DlqTask {
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
      List<ConsumerRecord<String, DeadLetter>> letters =
          DeadLetterReader.readAll(Connections.kafka(config()), topic);
      Map<String, Integer> counts = new TreeMap<>();
      letters.forEach(
          r ->
              counts.merge(
                  r.value().getStage() + "  " + r.value().getErrorClass(), 1, Integer::sum));
      out().printf("%s: %d dead letters%n", topic.name(), letters.size());
      counts.forEach((what, n) -> out().printf("  %6d  %s%n", n, what));
      letters.sort(Comparator.comparing(r -> r.value().getFailedAt()));
      int from = Math.max(0, letters.size() - limit);
      if (from < letters.size()) {
        out().println();
      }
      for (ConsumerRecord<String, DeadLetter> r : letters.subList(from, letters.size())) {
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
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Show one dead letter in full: PARTITION:OFFSET as 'dlq list' prints it.")
  static final class ShowLetter extends DlqTask {
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

  @Command(
      name = "redrive",
      mixinStandardHelpOptions = true,
      description = {
        "Send dead letters back to the topic they were read from, with their original key and bytes, once the cause is fixed.",
        "Letters are taken in order through the consumer group vigie-dlq-redrive-TOPIC, so each is sent back once; --from-beginning starts over.",
        "Letters refused before Kafka (ingest: a file line, an HTTP body) have no topic to go back to: fix the input and ingest it again."
      })
  static final class RedriveLetters extends DlqTask {
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
}
