package io.vigie.streams.enrich;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * VADER's lexicon of social-media English (Hutto and Gilbert, ICWSM 2014): 7,500 words, slang and
 * emoticons ({@code :)}, {@code <3}, {@code lol}) rated -4 to 4 by human raters. Matched on the
 * lower-cased text split at white space, so that emoticons survive; a valence is flipped by a
 * negation in the three tokens before it. A feature for {@link SentimentFeatures}: what AFINN lacks
 * in tweets.
 */
final class VaderLexicon {

  /** Summed positive and negative valences (both at least 0). */
  record Sums(double positive, double negative) {}

  private static final String RESOURCE = "sentiment/vader_lexicon.tsv";
  private static final String PUNCTUATION = ".,!?;:\"'()[]{}…";

  private final Map<String, Double> valences;

  private VaderLexicon(Map<String, Double> valences) {
    this.valences = valences;
  }

  static VaderLexicon bundled() {
    Map<String, Double> valences = new HashMap<>();
    try (InputStream in = VaderLexicon.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("Missing resource " + RESOURCE);
      }
      BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line; (line = lines.readLine()) != null; ) {
        int tab = line.indexOf('\t');
        valences.put(line.substring(0, tab), Double.parseDouble(line.substring(tab + 1)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new VaderLexicon(Map.copyOf(valences));
  }

  /** Sums over {@code lower}, a text already lower-cased, split at white space here. */
  Sums sums(String lower) {
    double positive = 0;
    double negative = 0;
    // The last three tokens' negations, as a ring: a token is looked up once.
    boolean[] negations = new boolean[3];
    int token = 0;
    int at = 0;
    int length = lower.length();
    while (at < length) {
      while (at < length && Character.isWhitespace(lower.charAt(at))) {
        at++;
      }
      int start = at;
      while (at < length && !Character.isWhitespace(lower.charAt(at))) {
        at++;
      }
      if (start == at) {
        break;
      }
      String word = lower.substring(start, at);
      Double valence = valences.get(word);
      String stripped = null;
      if (valence == null) {
        stripped = strip(word);
        valence = valences.get(stripped);
      }
      if (valence != null) {
        double v = valence;
        if (negations[0] || negations[1] || negations[2]) {
          v = -0.74 * v; // VADER's own damping of a negated valence
        }
        if (v > 0) {
          positive += v;
        } else {
          negative -= v;
        }
      }
      negations[token++ % 3] =
          SentimentScorer.isNegation(stripped == null ? strip(word) : stripped);
    }
    return new Sums(positive, negative);
  }

  /** The token without the punctuation around it: "good!" is "good", ":)" stays whole above. */
  private static String strip(String token) {
    int from = 0;
    int to = token.length();
    while (from < to && PUNCTUATION.indexOf(token.charAt(from)) >= 0) {
      from++;
    }
    while (to > from && PUNCTUATION.indexOf(token.charAt(to - 1)) >= 0) {
      to--;
    }
    return token.substring(from, to);
  }
}
