package io.vigie.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Texts that never look copied from one another, so that deduplication lets each post open its own
 * cluster and detection counts it under its hashtags and terms (a near-duplicate only counts for
 * the global subject and its rules).
 */
public final class DistinctTexts {

  private static final String[] VOCABULARY = {
    "harbour", "ferry", "bridge", "station", "market", "school", "tunnel", "square", "avenue",
    "garden", "library", "stadium", "airport", "museum", "river", "canal", "tower", "depot"
  };

  private DistinctTexts() {}

  /** Eight words of a small vocabulary, each with a number, then {@code suffix}. */
  public static String of(Random random, String suffix) {
    List<String> words = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      words.add(VOCABULARY[random.nextInt(VOCABULARY.length)] + random.nextInt(50));
    }
    return String.join(" ", words) + " " + suffix;
  }
}
