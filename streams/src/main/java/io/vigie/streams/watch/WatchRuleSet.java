package io.vigie.streams.watch;

import io.vigie.schema.WatchRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watch rules in force, compiled: which rules a post matches. Immutable; a new set replaces the
 * old one when rules change. A rule whose query does not parse (the CLI refuses those, but the
 * topic may be written by others) is left out with a warning rather than stopping the pipeline.
 */
public final class WatchRuleSet {

  private static final Logger log = LoggerFactory.getLogger(WatchRuleSet.class);

  private record Compiled(WatchRule rule, WatchQuery query) {}

  private final List<Compiled> rules;
  private final int invalid;

  private WatchRuleSet(List<Compiled> rules, int invalid) {
    this.rules = rules;
    this.invalid = invalid;
  }

  public static WatchRuleSet empty() {
    return new WatchRuleSet(List.of(), 0);
  }

  /** Compiles the enabled rules among {@code rules}, in id order. */
  public static WatchRuleSet of(Iterable<WatchRule> rules, Function<String, List<String>> folder) {
    Map<String, Compiled> compiled = new TreeMap<>();
    int invalid = 0;
    for (WatchRule rule : rules) {
      if (!rule.getEnabled()) {
        continue;
      }
      try {
        compiled.put(rule.getId(), new Compiled(rule, WatchQuery.parse(rule.getQuery(), folder)));
      } catch (WatchQueryException e) {
        invalid++;
        log.warn("Watch rule {} left out: its query {}", rule.getId(), e.getMessage());
      }
    }
    return new WatchRuleSet(List.copyOf(compiled.values()), invalid);
  }

  /** Ids of the rules {@code post} matches, in id order. */
  public List<String> matching(PostView post) {
    List<String> ids = new ArrayList<>();
    for (Compiled c : rules) {
      List<String> languages = c.rule().getLanguages();
      if (!languages.isEmpty() && !languages.contains(post.language())) {
        continue;
      }
      if (c.query().matches(post)) {
        ids.add(c.rule().getId());
      }
    }
    return ids;
  }

  public int size() {
    return rules.size();
  }

  /** Rules left out because their query does not parse. */
  public int invalid() {
    return invalid;
  }
}
