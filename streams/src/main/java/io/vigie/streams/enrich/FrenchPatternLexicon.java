package io.vigie.streams.enrich;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.tartarus.snowball.ext.FrenchStemmer;

/**
 * The French polarity lexicon of the Pattern library (CLiPS, BSD), as nlp.js ships it: about 2,000
 * adjectives and words, keyed by their Snowball stem ({@code degueul}, {@code decu}, {@code
 * horribl}), rated -1 to 1. It knows the French of opinion that AFINN's machine translation misses.
 * Words are stemmed with Lucene's copy of the same Snowball stemmer; a negation in the three words
 * before flips a polarity. A feature for {@link SentimentFeatures}.
 */
final class FrenchPatternLexicon {

  private static final String RESOURCE = "sentiment/pattern-fr.json";

  /** Words stemmed so far, and their polarity (NaN: none); cleared when it grows this large. */
  private static final int MEMO_SIZE = 100_000;

  private final Map<String, Double> polarities;
  private final ConcurrentHashMap<String, Double> memo = new ConcurrentHashMap<>();

  private FrenchPatternLexicon(Map<String, Double> polarities) {
    this.polarities = polarities;
  }

  static FrenchPatternLexicon bundled() {
    try (InputStream in = FrenchPatternLexicon.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("Missing resource " + RESOURCE);
      }
      return new FrenchPatternLexicon(
          Map.copyOf(
              new ObjectMapper().readValue(in, new TypeReference<Map<String, Double>>() {})));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Summed positive and negative polarities of folded {@code words} (both at least 0). Stemming
   * costs half a microsecond a word, so each word's polarity is memoised: words repeat, and the
   * memo, at most 100,000 words (about 10 MB), starts over when full.
   */
  VaderLexicon.Sums sums(List<String> words) {
    double positive = 0;
    double negative = 0;
    for (int i = 0; i < words.size(); i++) {
      double p = polarity(words.get(i));
      if (Double.isNaN(p)) {
        continue;
      }
      for (int back = Math.max(0, i - 3); back < i; back++) {
        if (SentimentScorer.isNegation(words.get(back))) {
          p = -p;
          break;
        }
      }
      if (p > 0) {
        positive += p;
      } else {
        negative -= p;
      }
    }
    return new VaderLexicon.Sums(positive, negative);
  }

  private double polarity(String word) {
    Double known = memo.get(word);
    if (known != null) {
      return known;
    }
    // The stemmer keeps state between calls: one per word missing from the memo, it is small.
    FrenchStemmer stemmer = new FrenchStemmer();
    stemmer.setCurrent(word);
    stemmer.stem();
    Double polarity = polarities.get(stemmer.getCurrent());
    double p = polarity == null ? Double.NaN : polarity;
    if (memo.size() >= MEMO_SIZE) {
      memo.clear();
    }
    memo.put(word, p);
    return p;
  }
}
