package io.vigie.streams.enrich;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The features {@link SentimentModel} reads from a post, hashed into {@code 2^bits} slots (the
 * hashing trick: no vocabulary to ship or look up, and no string built per feature):
 *
 * <ul>
 *   <li>folded words, and word pairs, each word marked when a negation came in the three words
 *       before it ("pas terrible", "not good");
 *   <li>character n-grams of the lower-cased text, punctuation and emoticons included, which catch
 *       spelling variants, elongations ("nooon") and "!!!" alike;
 *   <li>emojis;
 *   <li>a few dense features from the lexicons ({@link SentimentScorer}): summed positive and
 *       negative valences, the lexicon's score, the emojis' valence, and whether the text has an
 *       exclamation, a question, an elongated word or a word in capitals; and the positive and
 *       negative valences of {@link VaderLexicon}, social-media English with its emoticons, and of
 *       {@link FrenchPatternLexicon}, the French of opinion; and whether the post has a link.
 * </ul>
 *
 * Each group of hashed features is scaled to unit length, so that a long tweet does not outvote a
 * short one. Extraction writes into a reusable {@link Vector}: nothing is allocated per feature.
 */
public final class SentimentFeatures {

  /** How many dense features come first, before the hashed slots. */
  public static final int DENSE = 29;

  /** What is extracted: hash space, character n-gram lengths, word pairs. */
  public record Settings(int bits, int minChars, int maxChars, boolean wordPairs) {
    public Settings {
      if (bits < 10 || bits > 24) {
        throw new IllegalArgumentException("bits must be 10 to 24, not " + bits);
      }
      if (minChars < 1 || maxChars < minChars || maxChars > 8) {
        throw new IllegalArgumentException(
            "character n-grams must be 1 to 8 long, not " + minChars + " to " + maxChars);
      }
    }

    /** Dense features plus hashed slots. */
    public int dimensions() {
      return DENSE + (1 << bits);
    }
  }

  /** A sparse vector: {@code size} (index, value) pairs; reused from post to post. */
  public static final class Vector {
    int[] indices = new int[256];
    float[] values = new float[256];
    int size;
    private char[] chars = new char[256];

    /** A scratch buffer of at least {@code length} characters. */
    char[] chars(int length) {
      if (chars.length < length) {
        chars = new char[Math.max(length, 2 * chars.length)];
      }
      return chars;
    }

    void clear() {
      size = 0;
    }

    void add(int index, float value) {
      if (size == indices.length) {
        indices = Arrays.copyOf(indices, size * 2);
        values = Arrays.copyOf(values, size * 2);
      }
      indices[size] = index;
      values[size] = value;
      size++;
    }

    public int size() {
      return size;
    }

    public int index(int i) {
      return indices[i];
    }

    public float value(int i) {
      return values[i];
    }

    /** Scales the values from {@code from} on to unit length. */
    void normalise(int from) {
      int n = size - from;
      if (n > 0) {
        float scale = (float) (1 / Math.sqrt(n));
        for (int i = from; i < size; i++) {
          values[i] *= scale;
        }
      }
    }
  }

  private static final int WORD = 0x9e3779b9;
  private static final int NEGATED_WORD = 0x85ebca6b;
  private static final int PAIR = 0xc2b2ae35;
  private static final int CHARS = 0x27d4eb2f;
  private static final int EMOJI = 0x165667b1;

  private final Settings settings;
  private final SentimentScorer lexicons;
  private final VaderLexicon vader = VaderLexicon.bundled();
  private final FrenchPatternLexicon pattern = FrenchPatternLexicon.bundled();
  private final int mask;

  public SentimentFeatures(Settings settings, SentimentScorer lexicons) {
    this.settings = settings;
    this.lexicons = lexicons;
    this.mask = (1 << settings.bits()) - 1;
  }

  public Settings settings() {
    return settings;
  }

  /**
   * Fills {@code out} with the features of a post: {@code plain}, its text without links and
   * mentions ({@link TextAnalysis#wordsOnly}), whether it had a {@code link}, its folded {@code
   * words} ({@link TextAnalysis#words}) and {@code emojis}, in {@code language} (null: unknown).
   */
  public void extract(
      String plain,
      boolean link,
      List<String> words,
      List<String> emojis,
      String language,
      Vector out) {
    out.clear();
    SentimentScorer.Valences valences = lexicons.valences(words, language, emojis);
    out.add(0, 1f);
    out.add(1, (float) (valences.positive() / (valences.positive() + 4)));
    out.add(2, (float) (valences.negative() / (valences.negative() + 4)));
    out.add(3, (float) valences.score());
    out.add(4, (float) Math.max(-1, Math.min(1, valences.emoji())));
    String lower = plain.toLowerCase(Locale.ROOT);
    out.add(5, lower.indexOf('!') >= 0 ? 1f : 0f);
    out.add(6, lower.indexOf('?') >= 0 ? 1f : 0f);
    out.add(7, elongated(lower) ? 1f : 0f);
    out.add(8, shouts(plain) ? 1f : 0f);
    // The same scores in bins, so that the model can weigh a strong lexicon opinion apart from a
    // mild one.
    out.add(11 + bin(valences.score()), 1f);
    out.add(28, link ? 1f : 0f);
    if ("en".equals(language)) {
      VaderLexicon.Sums social = vader.sums(lower);
      out.add(9, (float) (social.positive() / (social.positive() + 3)));
      out.add(10, (float) (social.negative() / (social.negative() + 3)));
      double net = social.positive() - social.negative();
      out.add(16 + bin(net / Math.sqrt(net * net + 15)), 1f);
    } else if ("fr".equals(language)) {
      VaderLexicon.Sums french = pattern.sums(words);
      out.add(21, (float) (french.positive() / (french.positive() + 0.5)));
      out.add(22, (float) (french.negative() / (french.negative() + 0.5)));
      double polarity = french.positive() - french.negative();
      out.add(23 + bin(polarity / Math.sqrt(polarity * polarity + 1)), 1f);
    }

    int from = out.size;
    int previous = 0x5bd1e995; // the start of the text, as a word
    int negatedFor = 0;
    for (String word : words) {
      int hash = hash(word, 0, word.length(), WORD);
      out.add(slot(negatedFor > 0 ? mix(hash ^ NEGATED_WORD) : hash), 1f);
      if (settings.wordPairs()) {
        out.add(slot(mix(previous * 31 + hash + PAIR)), 1f);
      }
      previous = hash;
      negatedFor = SentimentScorer.isNegation(word) ? 3 : Math.max(0, negatedFor - 1);
    }
    if (settings.wordPairs() && !words.isEmpty()) {
      out.add(slot(mix(previous * 31 + 0x1b873593 + PAIR)), 1f);
    }
    out.normalise(from);

    from = out.size;
    // The text with its white space collapsed, between two spaces: n-grams see word edges.
    char[] padded = out.chars(lower.length() + 2);
    int length = 0;
    padded[length++] = ' ';
    int first = 0;
    int last = lower.length();
    while (first < last && Character.isWhitespace(lower.charAt(first))) {
      first++;
    }
    while (last > first && Character.isWhitespace(lower.charAt(last - 1))) {
      last--;
    }
    boolean inSpace = false;
    for (int i = first; i < last; i++) {
      char c = lower.charAt(i);
      if (c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r') {
        if (!inSpace) {
          padded[length++] = ' ';
          inSpace = true;
        }
      } else {
        padded[length++] = c;
        inSpace = false;
      }
    }
    padded[length++] = ' ';
    for (int start = 0; start < length; start++) {
      int hash = CHARS;
      int end = Math.min(length, start + settings.maxChars());
      for (int i = start; i < end; i++) {
        hash = (hash ^ padded[i]) * 0x01000193;
        if (i - start + 1 >= settings.minChars()) {
          out.add(slot(mix(hash + i - start)), 1f);
        }
      }
    }
    out.normalise(from);

    for (String emoji : emojis) {
      out.add(slot(hash(emoji, 0, emoji.length(), EMOJI)), 1f);
    }
  }

  private static int bin(double score) {
    return score < -0.5 ? 0 : score < -0.1 ? 1 : score <= 0.1 ? 2 : score <= 0.5 ? 3 : 4;
  }

  private int slot(int hash) {
    return DENSE + (hash & mask);
  }

  private static int hash(String s, int from, int to, int seed) {
    int hash = seed;
    for (int i = from; i < to; i++) {
      hash = (hash ^ s.charAt(i)) * 0x01000193;
    }
    return mix(hash);
  }

  /** MurmurHash3's finaliser: spreads FNV's weak low bits over the slot mask. */
  private static int mix(int h) {
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return h;
  }

  private static boolean elongated(String text) {
    for (int i = 2; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isLetter(c) && c == text.charAt(i - 1) && c == text.charAt(i - 2)) {
        return true;
      }
    }
    return false;
  }

  /** A word of three letters or more in capitals. */
  private static boolean shouts(String text) {
    int run = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isUpperCase(c)) {
        if (++run >= 3) {
          return true;
        }
      } else {
        run = 0;
      }
    }
    return false;
  }
}
