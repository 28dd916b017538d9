package io.vigie.devtools.bench;

import io.vigie.ingest.generate.ScenarioGenerator;
import io.vigie.schema.Post;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Generated everyday posts, a minute of them at a time with a seed of its own: a soak's half hour
 * at thousands of posts a second is millions of posts, too many to hold at once, and repeating one
 * minute's texts would turn the rest into near-duplicates. Callers give each post an id and time of
 * their own. Not thread-safe.
 */
public final class GeneratedChatter {

  private final int rate;
  private List<Post> minute = List.of();
  private int next;
  private int minutes;

  /**
   * @param rate posts per second the texts are generated for
   */
  public GeneratedChatter(int rate) {
    this.rate = rate;
  }

  public Post next() {
    while (next >= minute.size()) {
      minute =
          new ScenarioGenerator(23 + minutes++, Instant.now(), Duration.ofMinutes(1), rate * 60.0)
              .generate(List.of())
              .posts();
      next = 0;
    }
    return minute.get(next++);
  }
}
