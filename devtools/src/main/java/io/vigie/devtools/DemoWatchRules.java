package io.vigie.devtools;

import io.vigie.schema.WatchRule;
import java.time.Instant;
import java.util.List;

/**
 * The watch rules of the demo, for its two bundled samples: {@code vigie demo} installs them and
 * {@code vigie eval demo} judges the demo's incidents with them, so that both see the same rules.
 *
 * <p>The Boston rule asks for harm, not for the marathon itself: the race's own chatter, busy in
 * the hour before the bombing, would open an episode that the bombing's signals then join, as the
 * same rule's.
 */
public final class DemoWatchRules {

  private DemoWatchRules() {}

  /** The rules, stamped {@code updatedAt}. */
  public static List<WatchRule> rules(Instant updatedAt) {
    return List.of(
        WatchRule.newBuilder()
            .setId("boston-harm")
            .setName("Boston: explosions, injuries")
            .setQuery(
                "(boston OR marathon OR #bostonmarathon) (explosion* OR blast* OR bomb* OR injur* OR evacuat*)")
            .setUpdatedAt(updatedAt)
            .build(),
        WatchRule.newBuilder()
            .setId("west-texas")
            .setName("West, Texas")
            .setQuery("\"west texas\" OR fertilizer OR waco OR #westexplosion")
            .setUpdatedAt(updatedAt)
            .build());
  }
}
