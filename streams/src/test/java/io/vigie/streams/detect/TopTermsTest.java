package io.vigie.streams.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TopTermsTest {

  /** Space-Saving as the textbook states it, with the same tie rule: the reference. */
  private static final class Reference {
    final int capacity;
    final Map<String, Long> counts = new HashMap<>();

    Reference(int capacity) {
      this.capacity = capacity;
    }

    void add(String item) {
      if (counts.containsKey(item)) {
        counts.merge(item, 1L, Long::sum);
      } else if (counts.size() < capacity) {
        counts.put(item, 1L);
      } else {
        Map.Entry<String, Long> smallest =
            counts.entrySet().stream()
                .min(
                    Comparator.<Map.Entry<String, Long>>comparingLong(Map.Entry::getValue)
                        .thenComparing(Map.Entry::getKey))
                .orElseThrow();
        counts.remove(smallest.getKey());
        counts.put(item, smallest.getValue() + 1);
      }
    }
  }

  /** Zipf-like words: a few frequent, a long tail, as in posts. */
  private static List<String> words(long seed, int n) {
    Random random = new Random(seed);
    List<String> words = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      words.add("w" + (int) Math.floor(Math.pow(400, random.nextDouble())));
    }
    return words;
  }

  @Test
  void countsAndEvictsExactlyAsTextbookSpaceSavingWithTiesToTheSmallestName() {
    TopTerms terms = new TopTerms(32);
    Reference reference = new Reference(32);
    for (String word : words(7, 20_000)) {
      terms.add(word);
      reference.add(word);
    }
    for (String word : words(8, 2_000)) {
      assertThat(terms.count(word)).as(word).isEqualTo(reference.counts.getOrDefault(word, 0L));
    }
    assertThat(terms.top(5)).startsWith("w1", "w2");
  }

  @Test
  void aCopyReadBackFromItsBytesEvictsAndRanksAsTheOriginal() throws IOException {
    TopTerms original = new TopTerms(32);
    words(3, 5_000).forEach(original::add);
    StateOutput out = new StateOutput();
    original.write(out);
    TopTerms copy = TopTerms.read(32, new StateInput(out.take()));
    for (String word : words(4, 5_000)) {
      original.add(word);
      copy.add(word);
    }
    assertThat(copy.top(32)).isEqualTo(original.top(32));
    StateOutput a = new StateOutput();
    StateOutput b = new StateOutput();
    original.write(a);
    copy.write(b);
    assertThat(b.take()).isEqualTo(a.take());
  }

  @Test
  void readIntoASmallerCapacityKeepsTheLargestCounters() throws IOException {
    TopTerms wide = new TopTerms(8);
    for (int i = 1; i <= 8; i++) {
      wide.add("t" + i, i);
    }
    StateOutput out = new StateOutput();
    wide.write(out);
    TopTerms narrow = TopTerms.read(3, new StateInput(out.take()));
    assertThat(narrow.top(10)).containsExactly("t8", "t7", "t6");
    assertThat(narrow.count("t8")).isEqualTo(8);
  }

  @Test
  void clearedCountersStartAgain() {
    TopTerms terms = new TopTerms(2);
    terms.add("a");
    terms.add("b");
    terms.add("c");
    terms.clear();
    assertThat(terms.isEmpty()).isTrue();
    terms.add("d");
    assertThat(terms.top(5)).containsExactly("d");
    assertThat(terms.count("d")).isEqualTo(1);
  }
}
