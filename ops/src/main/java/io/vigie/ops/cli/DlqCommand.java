package io.vigie.ops.cli;

import io.vigie.ops.Connections;
import io.vigie.ops.config.VigieConfig;
import io.vigie.schema.Alert;
import io.vigie.schema.DeadLetter;
import io.vigie.schema.EnrichedPost;
import io.vigie.schema.Post;
import io.vigie.schema.Topic;
import io.vigie.schema.TopicReader;
import io.vigie.schema.VigieTopics;
import io.vigie.schema.serde.AvroSerde;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
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

  static final List<String> NAMES = List.of("ingest", "streams", "indexer", "dispatch");

  /** The dead-letter topic a name stands for, or null. */
  static Topic<String, DeadLetter> topic(VigieTopics topics, String name) {
    return switch (name) {
      case "ingest" -> topics.ingestDeadLetters();
      case "streams" -> topics.streamsDeadLetters();
      case "indexer" -> topics.indexerDeadLetters();
      case "dispatch" -> topics.dispatchDeadLetters();
      default -> null;
    };
  }

  abstract static class DlqTask extends VigieCommand {
    @Parameters(
        index = "0",
        paramLabel = "TOPIC",
        description = "Which dead-letter topic: ingest, streams, indexer or dispatch.")
    String name;

    Topic<String, DeadLetter> resolve() {
      Topic<String, DeadLetter> topic =
          topic(VigieTopics.withPrefix(config().string(VigieConfig.TOPICS_PREFIX)), name);
      if (topic == null) {
        err().println("Unknown dead-letter topic '" + name + "': one of " + NAMES);
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
      List<ConsumerRecord<String, DeadLetter>> letters = new ArrayList<>();
      TopicReader.readToEnd(
          Connections.kafka(config()), topic, Duration.ofMinutes(2), letters::add);
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
      TopicPartition partition = new TopicPartition(topic.name(), Integer.parseInt(parts[0]));
      long offset = Long.parseLong(parts[1]);
      Map<String, Object> props = new HashMap<>(Connections.kafka(config()));
      props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
      try (KafkaConsumer<String, DeadLetter> consumer =
          new KafkaConsumer<>(props, new StringDeserializer(), topic.valueSerde().deserializer())) {
        consumer.assign(List.of(partition));
        consumer.seek(partition, offset);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
          for (ConsumerRecord<String, DeadLetter> r : consumer.poll(Duration.ofMillis(500))) {
            if (r.offset() == offset) {
              print(r.value());
              return ExitCode.OK.code();
            }
            if (r.offset() > offset) {
              break;
            }
          }
          if (consumer.position(partition) > offset) {
            break;
          }
        }
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
        out().println("original key:  " + text(letter.getOriginalKey()));
      }
      if (letter.getOriginalValue() != null) {
        byte[] value = bytes(letter.getOriginalValue());
        out().println("original value (" + value.length + " bytes):");
        out().println(describe(value));
      }
      out().flush();
    }

    /** A Vigie record decoded, else the text, else the first bytes in hex. */
    static String describe(byte[] value) {
      for (AvroSerde<?> serde :
          List.of(
              AvroSerde.of(Post.class),
              AvroSerde.of(EnrichedPost.class),
              AvroSerde.of(Alert.class))) {
        try {
          return serde.decode(value).toString();
        } catch (RuntimeException e) {
          // not this one
        }
      }
      try {
        return StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(value))
            .toString();
      } catch (CharacterCodingException e) {
        byte[] head = Arrays.copyOf(value, Math.min(value.length, 256));
        return HexFormat.ofDelimiter(" ").formatHex(head) + (value.length > 256 ? " …" : "");
      }
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
      Map<String, Object> kafka = Connections.kafka(config());
      Map<String, Object> props = new HashMap<>(kafka);
      props.put(ConsumerConfig.GROUP_ID_CONFIG, "vigie-dlq-redrive-" + name);
      props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
      props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
      Map<String, Object> producerProps = new HashMap<>(kafka);
      producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
      producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
      int sent = 0;
      int skipped = 0;
      int noSource = 0;
      Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
      try (KafkaConsumer<String, DeadLetter> consumer =
              new KafkaConsumer<>(
                  props, new StringDeserializer(), topic.valueSerde().deserializer());
          KafkaProducer<byte[], byte[]> producer =
              new KafkaProducer<>(
                  producerProps, new ByteArraySerializer(), new ByteArraySerializer())) {
        List<TopicPartition> partitions =
            consumer.partitionsFor(topic.name()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
        consumer.assign(partitions);
        if (fromBeginning) {
          consumer.seekToBeginning(partitions);
        }
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))
            && System.nanoTime() < deadline) {
          for (ConsumerRecord<String, DeadLetter> r : consumer.poll(Duration.ofMillis(500))) {
            done.put(
                new TopicPartition(r.topic(), r.partition()),
                new OffsetAndMetadata(r.offset() + 1));
            DeadLetter letter = r.value();
            if (letter == null
                || (errorClass != null && !errorClass.equals(letter.getErrorClass()))) {
              skipped++;
            } else if (letter.getSourceTopic() == null || letter.getOriginalValue() == null) {
              noSource++;
            } else {
              if (!dryRun) {
                producer.send(
                    new ProducerRecord<>(
                        letter.getSourceTopic(),
                        letter.getOriginalKey() == null ? null : bytes(letter.getOriginalKey()),
                        bytes(letter.getOriginalValue())));
              }
              sent++;
            }
          }
        }
        if (!dryRun) {
          producer.flush(); // every letter stored in its topic before the redrive moves past it
          if (!done.isEmpty()) {
            consumer.commitSync(done);
          }
        }
      }
      out()
          .printf(
              "%s %d dead letters of %s back to their topics; %d skipped (other error classes), %d with no topic to go back to%n",
              dryRun ? "Would send" : "Sent", sent, topic.name(), skipped, noSource);
      out().flush();
      return ExitCode.OK.code();
    }
  }

  static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer copy = buffer.duplicate();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return bytes;
  }

  static String text(ByteBuffer buffer) {
    return new String(bytes(buffer), StandardCharsets.UTF_8);
  }
}
