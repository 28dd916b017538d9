package io.vigie.ops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.vigie.ingest.replay.ReplayInput;
import io.vigie.ops.backtest.HistoryBacktest;
import io.vigie.ops.watch.WatchRules;
import io.vigie.schema.SubjectKey;
import io.vigie.schema.WatchRule;
import io.vigie.streams.enrich.PostEnricher;
import io.vigie.streams.watch.WatchQueryException;
import io.vigie.streams.watch.WatchRuleSet;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vigie watch ...}: the watch rules, live in their compacted topic. */
@Command(
    name = "watch",
    mixinStandardHelpOptions = true,
    description =
        "Add, list, remove, import, export and validate watch rules (they apply within seconds, no restart).",
    subcommands = {
      WatchCommand.Add.class,
      WatchCommand.ListRules.class,
      WatchCommand.Remove.class,
      WatchCommand.Seed.class,
      WatchCommand.Import.class,
      WatchCommand.Export.class,
      WatchCommand.Validate.class
    })
public final class WatchCommand {

  private static final ObjectMapper JSON = new ObjectMapper();

  private WatchCommand() {}

  private static WatchRules rules(VigieCommand command) throws InterruptedException {
    IngestTarget target = IngestTarget.open(command.config());
    return new WatchRules(target.topics().watchRules(), target.kafka());
  }

  /** Prints a query error with a caret under the offending character. */
  static void explain(PrintWriter err, String where, String query, WatchQueryException e) {
    err.println(where + ": invalid query, " + e.getMessage());
    err.println("  " + query);
    err.println("  " + " ".repeat(Math.min(e.position(), query.length())) + "^");
  }

  @Command(name = "add", mixinStandardHelpOptions = true, description = "Add or replace a rule.")
  static final class Add extends VigieCommand {
    @Option(names = "--name", required = true, description = "What the rule watches.")
    String name;

    @Option(names = "--id", description = "Its id (default: a slug of the name).")
    String id;

    @Option(names = "--query", required = true, description = "The query (see docs/watchlists.md).")
    String query;

    @Option(
        names = "--lang",
        split = ",",
        description = "Only posts in these languages (ISO 639-1, comma-separated).")
    List<String> languages = new ArrayList<>();

    @Option(names = "--owner", description = "Who to ask about it.")
    String owner;

    @Option(names = "--disabled", description = "Store it disabled.")
    boolean disabled;

    @Override
    public Integer call() throws Exception {
      try {
        WatchRules.validate(query);
      } catch (WatchQueryException e) {
        explain(err(), "--query", query, e);
        return ExitCode.USAGE.code();
      }
      var node = JSON.createObjectNode().put("name", name).put("query", query);
      if (id != null) {
        node.put("id", id);
      }
      languages.forEach(node.withArray("languages")::add);
      node.put("enabled", !disabled);
      if (owner != null) {
        node.put("owner", owner);
      }
      WatchRule rule = WatchRules.fromJson(node, Instant.now());
      rules(this).put(List.of(rule));
      out().println("Watch rule '" + rule.getId() + "' saved: " + rule.getQuery());
      return ExitCode.OK.code();
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the rules.")
  static final class ListRules extends VigieCommand {
    @Override
    public Integer call() throws Exception {
      Map<String, WatchRule> all = rules(this).all();
      if (all.isEmpty()) {
        out().println("No watch rules.");
        return ExitCode.OK.code();
      }
      for (WatchRule rule : all.values()) {
        out()
            .printf(
                "%-24s %-8s %-8s %s%n",
                rule.getId(),
                rule.getEnabled() ? "enabled" : "disabled",
                rule.getLanguages().isEmpty() ? "any" : String.join(",", rule.getLanguages()),
                rule.getQuery());
      }
      return ExitCode.OK.code();
    }
  }

  @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a rule.")
  static final class Remove extends VigieCommand {
    @Parameters(paramLabel = "ID", description = "The rule's id.")
    String id;

    @Override
    public Integer call() throws Exception {
      WatchRules rules = rules(this);
      if (!rules.all().containsKey(id)) {
        err().println("No watch rule '" + id + "' (see: vigie watch list)");
        return ExitCode.USAGE.code();
      }
      rules.remove(id);
      out().println("Watch rule '" + id + "' removed.");
      return ExitCode.OK.code();
    }
  }

  @Command(
      name = "seed",
      mixinStandardHelpOptions = true,
      description = {
        "Learn a rule's baselines from history, so that it starts warm instead of cold.",
        "Runs the detectors over FILE (CrisisLex CSV or JSON lines, .gz too) with the rule and publishes what they learned to the detection-seeds topic; the live detectors start from it when the rule's first post arrives (seed before that)."
      })
  static final class Seed extends VigieCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "The rule's id.")
    String id;

    @Parameters(index = "1", paramLabel = "FILE", description = "Posts from the past.")
    Path history;

    @Override
    public Integer call() throws Exception {
      IngestTarget target = IngestTarget.open(config());
      WatchRule rule = new WatchRules(target.topics().watchRules(), target.kafka()).all().get(id);
      if (rule == null) {
        err().println("No watch rule '" + id + "' (see: vigie watch list)");
        return ExitCode.USAGE.code();
      }
      if (!Files.isReadable(history)) {
        err().println(history + ": not a readable file");
        return ExitCode.USAGE.code();
      }
      var posts = ReplayInput.read(history, "file", Instant.now()).posts();
      var enricher = PostEnricher.defaults();
      String subject = SubjectKey.rule(rule.getId());
      var learned =
          new HistoryBacktest(
                  config().detectionSettings(),
                  enricher,
                  WatchRuleSet.of(List.of(rule), enricher.analysis()::fold))
              .replay(posts, alert -> {})
              .state(subject);
      if (learned.isEmpty()) {
        err().println("No post of " + history + " matches rule '" + id + "': nothing to learn.");
        return ExitCode.FAILED.code();
      }
      var topic = target.topics().detectionSeeds();
      try (var producer =
          new KafkaProducer<>(
              target.kafka(), topic.keySerde().serializer(), topic.valueSerde().serializer())) {
        producer.send(new ProducerRecord<>(topic.name(), subject, learned.get())).get();
      }
      out()
          .printf(
              "Seeded rule '%s' from %,d posts of %s; the live detectors start from it at its first post.%n",
              id, posts.size(), history);
      return ExitCode.OK.code();
    }
  }

  @Command(
      name = "import",
      mixinStandardHelpOptions = true,
      description =
          "Add or replace the rules of a JSON file (an array, as export writes): all or none.")
  static final class Import extends VigieCommand {
    @Parameters(paramLabel = "FILE")
    Path file;

    @Override
    public Integer call() throws Exception {
      JsonNode array;
      try {
        array = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
      } catch (IOException e) {
        err().println(file + ": " + e.getMessage());
        return ExitCode.USAGE.code();
      }
      if (array == null || !array.isArray()) {
        err().println(file + ": expected a JSON array of rules");
        return ExitCode.USAGE.code();
      }
      List<WatchRule> parsed = new ArrayList<>();
      boolean valid = true;
      Instant now = Instant.now();
      for (int i = 0; i < array.size(); i++) {
        String where = file + " rule " + (i + 1);
        try {
          WatchRule rule = WatchRules.fromJson(array.get(i), now);
          WatchRules.validate(rule.getQuery());
          parsed.add(rule);
        } catch (IllegalArgumentException e) {
          err().println(where + ": " + e.getMessage());
          valid = false;
        } catch (WatchQueryException e) {
          explain(err(), where, array.get(i).path("query").asText(), e);
          valid = false;
        }
      }
      if (!valid) {
        err().println("Nothing imported.");
        return ExitCode.USAGE.code();
      }
      rules(this).put(parsed);
      out().println(parsed.size() + " watch rules imported from " + file);
      return ExitCode.OK.code();
    }
  }

  @Command(
      name = "export",
      mixinStandardHelpOptions = true,
      description = "Write every rule as a JSON array (to standard output, or --output).")
  static final class Export extends VigieCommand {
    @Option(names = "--output", paramLabel = "FILE")
    Path output;

    @Override
    public Integer call() throws Exception {
      ArrayNode array = JSON.createArrayNode();
      rules(this).all().values().forEach(rule -> array.add(WatchRules.toJson(rule)));
      String text = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(array) + "\n";
      if (output == null) {
        out().print(text);
      } else {
        Files.writeString(output, text, StandardCharsets.UTF_8);
        out().println(array.size() + " watch rules written to " + output);
      }
      return ExitCode.OK.code();
    }
  }

  @Command(
      name = "validate",
      mixinStandardHelpOptions = true,
      description = "Check a query without saving anything (no cluster needed).")
  static final class Validate extends VigieCommand {
    @Parameters(paramLabel = "QUERY")
    String query;

    @Override
    public Integer call() {
      try {
        WatchRules.validate(query);
        out().println("Valid: " + query);
        return ExitCode.OK.code();
      } catch (WatchQueryException e) {
        explain(err(), "query", query, e);
        return ExitCode.USAGE.code();
      }
    }
  }
}
