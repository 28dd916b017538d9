package io.vigie.streams.enrich;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigie.schema.SentimentLabel;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Lexicon sentiment for French and English first (AFINN valences, -5 to 5, with phrases up to four
 * words), German, Spanish, Italian, Portuguese and Dutch too, plus emoji (the Emoji Sentiment
 * Ranking). A valence is flipped and damped after a negation in the three words before it ("pas
 * terrible", "not good"), raised after an intensifier ("très", "very") and lowered after a softener
 * ("un peu", "slightly"). The sum is squashed into -1..1 ({@code s / sqrt(s² + 15)}, as VADER does)
 * and labelled with thresholds tuned on the UMSAB training split (see docs/enrichment.md). A post
 * costs a few microseconds: a handful of hash lookups per word.
 */
public final class SentimentScorer {

  /** The tunable parts; {@link #tuned()} holds the values measured best. */
  public record Weights(
      double negation, double intensifier, double softener, double emoji, double threshold) {}

  /** A score from -1 to 1 and its label. */
  public record Sentiment(double score, SentimentLabel label) {}

  /**
   * What the lexicons say of a text: its positive and negative valences summed apart (both at least
   * 0, after negation and intensifiers), the emojis' valence, and the squashed score.
   */
  public record Valences(double positive, double negative, double emoji, double score) {}

  private static final Set<String> NEGATIONS =
      Set.of(
          "not",
          "no",
          "never",
          "nor",
          "nobody",
          "nothing",
          "without",
          "don't",
          "doesn't",
          "didn't",
          "isn't",
          "wasn't",
          "aren't",
          "can't",
          "cannot",
          "won't",
          "shouldn't",
          "couldn't",
          "dont",
          "doesnt",
          "didnt",
          "isnt",
          "cant",
          "wont",
          "neither",
          "ne",
          "n",
          "pas",
          "jamais",
          "aucun",
          "aucune",
          "sans",
          "ni",
          "personne",
          "rien",
          "nicht",
          "kein",
          "keine",
          "nie",
          "nunca",
          "nada",
          "non",
          "mai",
          "niet",
          "geen",
          "nao");
  private static final Set<String> INTENSIFIERS =
      Set.of(
          "very",
          "really",
          "so",
          "too",
          "extremely",
          "totally",
          "absolutely",
          "super",
          "tres",
          "trop",
          "vraiment",
          "tellement",
          "si",
          "hyper",
          "grave",
          "completement",
          "sehr",
          "muy",
          "molto",
          "muito",
          "erg",
          "zeer");
  private static final Set<String> SOFTENERS =
      Set.of("slightly", "somewhat", "bit", "little", "kinda", "peu", "plutot", "assez");

  private final TextAnalysis analysis;
  private final Map<String, Map<String, Double>> lexicons = new HashMap<>();
  // The first words of every entry of two words or more: only they are worth joining phrases for.
  private final Map<String, Set<String>> phraseStarts = new HashMap<>();
  private final Map<String, Double> emojis;
  private final Map<String, Weights> weights;

  /** A scorer with {@code weights} for every language. */
  public SentimentScorer(TextAnalysis analysis, Weights weights) {
    this(analysis, Map.of("", weights));
  }

  /** A scorer with weights per language ({@code ""}: every other language, and required). */
  public SentimentScorer(TextAnalysis analysis, Map<String, Weights> weights) {
    this.analysis = analysis;
    this.weights = Map.copyOf(weights);
    if (!weights.containsKey("")) {
      throw new IllegalArgumentException("weights need a default entry under \"\"");
    }
    for (String language : List.of("fr", "en", "de", "es", "it", "pt", "nl")) {
      lexicons.put(language, lexicon(language));
    }
    Map<String, Double> either = new HashMap<>(lexicons.get("en"));
    either.putAll(lexicons.get("fr"));
    lexicons.put("", either);
    lexicons.forEach(
        (language, lexicon) -> {
          Set<String> starts = new HashSet<>();
          for (String entry : lexicon.keySet()) {
            int space = entry.indexOf(' ');
            if (space > 0) {
              starts.add(entry.substring(0, space));
            }
          }
          phraseStarts.put(language, Set.copyOf(starts));
        });
    this.emojis = emojiValences();
  }

  /**
   * Weights tuned for macro-F1 on the UMSAB French and English training splits (see
   * docs/enrichment.md); the English ones serve the other languages.
   */
  public static Map<String, Weights> tuned() {
    Weights english = new Weights(0.3, 1.3, 0.7, 1.0, 0.1);
    return Map.of("fr", new Weights(0.6, 1.3, 0.7, 5.0, 0.4), "en", english, "", english);
  }

  /** The sentiment of {@code text} in {@code language} (null: French and English lexicons). */
  public Sentiment score(String text, String language, List<String> emojisFound) {
    return scoreWords(analysis.words(text), language, emojisFound);
  }

  /**
   * The sentiment of a text already analysed into {@code words} by {@link TextAnalysis#words}: the
   * enricher has them anyway, and analysing a post once is enough.
   */
  public Sentiment scoreWords(List<String> words, String language, List<String> emojisFound) {
    Weights weights =
        this.weights.getOrDefault(language == null ? "" : language, this.weights.get(""));
    double score = valences(words, language, emojisFound, weights).score();
    SentimentLabel label =
        score >= weights.threshold()
            ? SentimentLabel.POSITIVE
            : score <= -weights.threshold() ? SentimentLabel.NEGATIVE : SentimentLabel.NEUTRAL;
    return new Sentiment(score, label);
  }

  /** The lexicons' view of {@code words} and {@code emojisFound}, as features for a model. */
  public Valences valences(List<String> words, String language, List<String> emojisFound) {
    return valences(
        words,
        language,
        emojisFound,
        this.weights.getOrDefault(language == null ? "" : language, this.weights.get("")));
  }

  /** Whether a folded word negates the words after it. */
  public static boolean isNegation(String word) {
    return NEGATIONS.contains(word);
  }

  private Valences valences(
      List<String> words, String language, List<String> emojisFound, Weights weights) {
    String known = language == null || !lexicons.containsKey(language) ? "" : language;
    Map<String, Double> lexicon = lexicons.get(known);
    Set<String> starts = phraseStarts.get(known);
    double positive = 0;
    double negative = 0;
    int i = 0;
    while (i < words.size()) {
      int matched = 0;
      double valence = 0;
      int longest = starts.contains(words.get(i)) ? Math.min(4, words.size() - i) : 1;
      for (int length = longest; length >= 1; length--) {
        String key = length == 1 ? words.get(i) : String.join(" ", words.subList(i, i + length));
        Double found = lexicon.get(key);
        if (found != null) {
          matched = length;
          valence = found;
          break;
        }
      }
      if (matched == 0) {
        i++;
        continue;
      }
      for (int back = Math.max(0, i - 3); back < i; back++) {
        if (NEGATIONS.contains(words.get(back))) {
          valence *= -weights.negation();
          break;
        }
      }
      if (i > 0 && INTENSIFIERS.contains(words.get(i - 1))) {
        valence *= weights.intensifier();
      } else if (i > 0 && SOFTENERS.contains(words.get(i - 1))) {
        valence *= weights.softener();
      }
      if (valence > 0) {
        positive += valence;
      } else {
        negative -= valence;
      }
      i += matched;
    }
    double emoji = 0;
    for (String found : emojisFound) {
      emoji += emojis.getOrDefault(found, 0.0);
    }
    double sum = positive - negative + weights.emoji() * emoji;
    return new Valences(positive, negative, emoji, sum / Math.sqrt(sum * sum + 15));
  }

  /** The valence a single folded word has in {@code language}'s lexicon, or null. */
  Double valence(String word, String language) {
    return lexicons.getOrDefault(language, lexicons.get("")).get(word);
  }

  private Map<String, Double> lexicon(String language) {
    Map<String, Integer> raw;
    try (InputStream in = resource("AFINN-" + language + ".json")) {
      raw = new ObjectMapper().readValue(in, new TypeReference<Map<String, Integer>>() {});
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, Double> folded = new HashMap<>();
    raw.forEach(
        (entry, valence) -> {
          String key = String.join(" ", analysis.fold(entry));
          if (!key.isEmpty()) {
            folded.putIfAbsent(key, valence.doubleValue());
          }
        });
    return folded;
  }

  /** Each emoji's (positive - negative) / occurrences, -1 to 1. */
  private static Map<String, Double> emojiValences() {
    Map<String, Double> valences = new HashMap<>();
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(
                resource("Emoji_Sentiment_Data_v1.0.csv"), StandardCharsets.UTF_8))) {
      lines.readLine(); // header
      for (String line; (line = lines.readLine()) != null; ) {
        String[] fields = line.split(",");
        double occurrences = Double.parseDouble(fields[2]);
        double negative = Double.parseDouble(fields[4]);
        double positive = Double.parseDouble(fields[6]);
        valences.put(fields[0], (positive - negative) / occurrences);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return valences;
  }

  private static InputStream resource(String name) {
    InputStream in = SentimentScorer.class.getResourceAsStream("sentiment/" + name);
    if (in == null) {
      throw new IllegalStateException("Missing resource sentiment/" + name);
    }
    return in;
  }
}
