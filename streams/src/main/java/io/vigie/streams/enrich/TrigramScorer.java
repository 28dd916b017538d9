package io.vigie.streams.enrich;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * The language of a text among the seven of {@link FunctionWordVote}, by Lingua's own letter n-gram
 * models (its jar's {@code language-models/<iso>/{uni,bi,tri}grams.json}) scored the way its
 * low-accuracy mode scores them, without its character rules nor its per-call collections.
 *
 * <p>Lingua's model of a trigram is a conditional probability, P(c | ab), and of a bigram P(b | a).
 * A text's score in a language is the sum, over its lower-cased letter trigrams (inside words:
 * Lingua pads nothing, its models have no space), of ln P(c | ab), backing off as Lingua does to ln
 * P(b | a), then to ln P(a), when the language never saw the trigram; a letter the language never
 * saw at all costs {@link #UNSEEN} (Lingua adds nothing there, which favoured the languages that
 * knew least). Unlike Lingua, a trigram counts as often as it occurs, except in a run of one
 * letter, read as two of it.
 *
 * <p>Every n-gram of the seven models is one key of one open-addressing table (up to three chars
 * packed in a long), whose row holds the seven log-probabilities with the back-off already applied,
 * so scoring a text is one pass and one lookup a trigram. Loaded once (38,881 n-grams, 2.7 MB),
 * shared and read-only: thread-safe.
 */
final class TrigramScorer {

  /** ISO 639-1 codes, in the order of {@link FunctionWordVote}'s. */
  static final String[] CODES = {"fr", "en", "de", "es", "it", "pt", "nl"};

  /** ln of a letter's probability in a language whose model never saw it. */
  static final float UNSEEN = (float) Math.log(1e-7);

  /**
   * Overlapping trigrams share two letters, so a sum of their log-probabilities counts the same
   * evidence more than once and a plain softmax of the sums is overconfident. Halving the sums gave
   * the best log loss of the confidence on UMSAB's French and English training tweets that the
   * function words leave undecided (0.049, against 0.059 unhalved and 0.063 divided by 3), and
   * confidences that match the share right within 1 point (expected calibration error 0.009).
   */
  static final double EVIDENCE_DIVISOR = 2;

  /** Trigrams read at most: two tweets' worth, which bounds long posts. */
  static final int MAX_TRIGRAMS = 200;

  private static final int LANGUAGES = CODES.length;
  private static final TrigramScorer SHARED = load();

  private final long[] keys;
  private final int[] rowOfSlot;
  private final float[] rows;
  private final int mask;

  private TrigramScorer(long[] keys, int[] rowOfSlot, float[] rows) {
    this.keys = keys;
    this.rowOfSlot = rowOfSlot;
    this.rows = rows;
    this.mask = keys.length - 1;
  }

  /** The models, read from Lingua's jar on first use. */
  static TrigramScorer shared() {
    return SHARED;
  }

  /**
   * Each language's sum of log-probabilities over the text's trigrams, and how many there were.
   *
   * @param text any text; only its letters count
   */
  Scores score(CharSequence text) {
    double[] sums = new double[LANGUAGES];
    int trigrams = 0;
    char first = 0;
    char second = 0;
    for (int i = 0, n = text.length(); i < n && trigrams < MAX_TRIGRAMS; i++) {
      char c = text.charAt(i);
      if (!Character.isLetter(c)) {
        first = 0;
        second = 0;
        continue;
      }
      c = Character.toLowerCase(c);
      if (c == second && c == first) {
        // An elongation ("noooo") would outweigh the rest of a short post: read it as "noo".
        continue;
      }
      if (first != 0) {
        int row = rowOf(trigram(first, second, c));
        if (row < 0) {
          row = rowOf(bigram(first, second));
        }
        if (row < 0) {
          row = rowOf(first);
        }
        add(sums, row);
        trigrams++;
      }
      first = second;
      second = c;
    }
    return new Scores(sums, trigrams);
  }

  private void add(double[] sums, int row) {
    if (row < 0) {
      for (int l = 0; l < LANGUAGES; l++) {
        sums[l] += UNSEEN;
      }
      return;
    }
    int at = row * LANGUAGES;
    for (int l = 0; l < LANGUAGES; l++) {
      sums[l] += rows[at + l];
    }
  }

  private int rowOf(long key) {
    int slot = slotOf(key);
    return keys[slot] == key ? rowOfSlot[slot] : -1;
  }

  private int slotOf(long key) {
    int slot = hash(key) & mask;
    while (keys[slot] != 0 && keys[slot] != key) {
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  private static int hash(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h >>> 32);
  }

  /** Letters are never 0, so the three lengths of key never meet. */
  private static long trigram(char a, char b, char c) {
    return ((long) a << 32) | ((long) b << 16) | c;
  }

  private static long bigram(char a, char b) {
    return ((long) a << 16) | b;
  }

  private static long keyOf(String ngram) {
    return switch (ngram.length()) {
      case 1 -> ngram.charAt(0);
      case 2 -> bigram(ngram.charAt(0), ngram.charAt(1));
      default -> trigram(ngram.charAt(0), ngram.charAt(1), ngram.charAt(2));
    };
  }

  /** The per-language sums of one text, and the language they favour. */
  record Scores(double[] sums, int trigrams) {

    /** Index in {@link #CODES} of the highest sum; -1 without trigrams. */
    int best() {
      if (trigrams == 0) {
        return -1;
      }
      int best = 0;
      for (int l = 1; l < sums.length; l++) {
        if (sums[l] > sums[best]) {
          best = l;
        }
      }
      return best;
    }

    /**
     * The best language's posterior probability, 1/7 to 1: a softmax of the sums divided by {@link
     * #EVIDENCE_DIVISOR}, all seven languages equally likely a priori. A text a language explains
     * better by 2 nats a trigram over a whole tweet is near 1; a short or mixed text whose sums are
     * close is near 1/2 or below.
     */
    double confidence() {
      int best = best();
      if (best < 0) {
        return 0;
      }
      double total = 0;
      for (double sum : sums) {
        total += Math.exp((sum - sums[best]) / EVIDENCE_DIVISOR);
      }
      return 1 / total;
    }

    /** The best language and its confidence; empty without trigrams. */
    Optional<LanguageIdentifier.Detection> detection() {
      int best = best();
      return best < 0
          ? Optional.empty()
          : Optional.of(new LanguageIdentifier.Detection(CODES[best], confidence()));
    }
  }

  private static TrigramScorer load() {
    // Each n-gram's log-probability in each language; NaN where the language's model lacks it.
    Map<Long, float[]> byKey = new HashMap<>();
    ObjectMapper json = new ObjectMapper();
    String[] orders = {"unigrams", "bigrams", "trigrams"};
    for (int l = 0; l < LANGUAGES; l++) {
      for (int order = 0; order < orders.length; order++) {
        String resource = "language-models/" + CODES[l] + "/" + orders[order] + ".json";
        try (InputStream in = TrigramScorer.class.getClassLoader().getResourceAsStream(resource)) {
          if (in == null) {
            throw new IllegalStateException(
                "Lingua's model " + resource + " is not on the class path");
          }
          Iterator<Map.Entry<String, JsonNode>> fractions =
              json.readTree(in).get("ngrams").fields();
          while (fractions.hasNext()) {
            Map.Entry<String, JsonNode> fraction = fractions.next();
            float logProbability = (float) Math.log(probability(fraction.getKey()));
            for (String ngram : fraction.getValue().asText().split(" ")) {
              // Lingua's models are of UTF-16 chars; a supplementary letter never is one here.
              if (ngram.length() == order + 1) {
                byKey.computeIfAbsent(keyOf(ngram), k -> unknownRow())[l] = logProbability;
              }
            }
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return tableOf(byKey);
  }

  /** The table, each row's gaps filled with the language's back-off, as Lingua backs off. */
  private static TrigramScorer tableOf(Map<Long, float[]> byKey) {
    int slots = Integer.highestOneBit(byKey.size() * 2 - 1) << 1;
    long[] keys = new long[slots];
    int[] rowOfSlot = new int[slots];
    float[] rows = new float[byKey.size() * LANGUAGES];
    TrigramScorer table = new TrigramScorer(keys, rowOfSlot, rows);
    int row = 0;
    for (Map.Entry<Long, float[]> entry : byKey.entrySet()) {
      long key = entry.getKey();
      float[] logProbabilities = entry.getValue();
      for (int l = 0; l < LANGUAGES; l++) {
        float value = logProbabilities[l];
        // Back off to the prefix: P(b | a) for a trigram abc, then P(a).
        for (long prefix = key >>> 16; Float.isNaN(value) && prefix != 0; prefix >>>= 16) {
          float[] shorter = byKey.get(prefix);
          value = shorter == null ? Float.NaN : shorter[l];
        }
        rows[row * LANGUAGES + l] = Float.isNaN(value) ? UNSEEN : value;
      }
      int slot = table.slotOf(key);
      keys[slot] = key;
      rowOfSlot[slot] = row++;
    }
    return table;
  }

  private static float[] unknownRow() {
    float[] row = new float[LANGUAGES];
    Arrays.fill(row, Float.NaN);
    return row;
  }

  private static double probability(String fraction) {
    int slash = fraction.indexOf('/');
    return Double.parseDouble(fraction.substring(0, slash))
        / Double.parseDouble(fraction.substring(slash + 1));
  }
}
