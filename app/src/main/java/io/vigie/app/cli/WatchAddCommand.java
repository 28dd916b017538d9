package io.vigie.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigie.app.watch.WatchRules;
import io.vigie.schema.WatchRule;
import io.vigie.streams.watch.WatchQueryException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigie watch add}: adds or replaces a rule. */
@Command(name = "add", mixinStandardHelpOptions = true, description = "Add or replace a rule.")
final class WatchAddCommand extends VigieCommand {
  private static final ObjectMapper JSON = new ObjectMapper();

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
      WatchCommand.explain(err(), "--query", query, e);
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
    WatchCommand.rules(this).put(List.of(rule));
    out().println("Watch rule '" + rule.getId() + "' saved: " + rule.getQuery());
    return ExitCode.OK.code();
  }
}
