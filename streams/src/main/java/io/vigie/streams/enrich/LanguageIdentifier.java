package io.vigie.streams.enrich;

import com.github.pemistahl.lingua.api.Language;
import com.github.pemistahl.lingua.api.LanguageDetector;
import com.github.pemistahl.lingua.api.LanguageDetectorBuilder;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.de.GermanAnalyzer;
import org.apache.lucene.analysis.es.SpanishAnalyzer;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;
import org.apache.lucene.analysis.it.ItalianAnalyzer;
import org.apache.lucene.analysis.nl.DutchAnalyzer;
import org.apache.lucene.analysis.pt.PortugueseAnalyzer;

/**
 * The language of a post among French, English and the main European languages (German, Spanish,
 * Italian, Portuguese, Dutch), in two steps:
 *
 * <ol>
 *   <li>A vote of function words (Lucene's stop-word lists for the seven languages, each word
 *       voting only if it is in a single list): when one language has at least two of them and
 *       three times as many as the next, it wins. Most posts are decided here in a few
 *       microseconds.
 *   <li>Otherwise Lingua, in its low-accuracy (trigram) mode: about 200 µs a post and a few MB of
 *       models, where its high-accuracy mode costs 500-900 µs and 175 MB for these seven languages
 *       (and Lingua with every language about 1.5 GB).
 * </ol>
 *
 * A post with too few letters, or whose best language is below the confidence floor, is
 * undetermined rather than wrong. Measured on UMSAB in docs/enrichment.md.
 */
public final class LanguageIdentifier {

  /** A detected language (ISO 639-1) and the confidence Lingua gives it, 0 to 1. */
  public record Detection(String language, double confidence) {}

  private static final Pattern WORD = Pattern.compile("\\p{L}+(?:['’]\\p{L}+)?");

  /**
   * English function words: Lucene's English stop set has only 33 (it is tuned for search), too few
   * to outvote languages whose lists have hundreds.
   */
  private static final CharArraySet ENGLISH_FUNCTION_WORDS =
      new CharArraySet(
          List.of(
              "the", "and", "of", "to", "is", "it", "that", "for", "on", "with", "as", "was", "are",
              "be", "this", "have", "has", "at", "by", "from", "or", "not", "but", "they", "we",
              "you", "he", "she", "his", "her", "my", "our", "their", "your", "its", "an", "will",
              "would", "can", "could", "should", "were", "been", "there", "what", "which", "who",
              "when", "where", "how", "all", "just", "so", "if", "about", "up", "out", "no", "do",
              "does", "did", "me", "him", "them", "us", "than", "then", "too", "very", "i", "i'm",
              "it's", "don't", "can't", "these", "those", "into", "after", "before"),
          false);

  private static final Language[] LANGUAGES = {
    Language.FRENCH,
    Language.ENGLISH,
    Language.GERMAN,
    Language.SPANISH,
    Language.ITALIAN,
    Language.PORTUGUESE,
    Language.DUTCH
  };

  private static final Map<String, CharArraySet> FUNCTION_WORDS =
      Map.of(
          "fr", FrenchAnalyzer.getDefaultStopSet(),
          "en", ENGLISH_FUNCTION_WORDS,
          "de", GermanAnalyzer.getDefaultStopSet(),
          "es", SpanishAnalyzer.getDefaultStopSet(),
          "it", ItalianAnalyzer.getDefaultStopSet(),
          "pt", PortugueseAnalyzer.getDefaultStopSet(),
          "nl", DutchAnalyzer.getDefaultStopSet());

  private final LanguageDetector detector;
  private final double minConfidence;

  private LanguageIdentifier(LanguageDetector detector, double minConfidence) {
    this.detector = detector;
    this.minConfidence = minConfidence;
  }

  /** Detection among the seven languages; undetermined below 0.5 confidence. */
  public static LanguageIdentifier european() {
    return new LanguageIdentifier(
        LanguageDetectorBuilder.fromLanguages(LANGUAGES)
            .withLowAccuracyMode()
            .withPreloadedLanguageModels()
            .build(),
        0.5);
  }

  /**
   * The language whose own function words (those of no other list) clearly dominate, if one does.
   */
  static Optional<Detection> byFunctionWords(String text) {
    Map<String, Integer> votes = new HashMap<>();
    Matcher words = WORD.matcher(text);
    while (words.find()) {
      String word = words.group().toLowerCase(Locale.ROOT);
      // Only words of a single language's list vote: "de", "la", "en", "a" are in several.
      String only = null;
      int lists = 0;
      for (Map.Entry<String, CharArraySet> set : FUNCTION_WORDS.entrySet()) {
        if (set.getValue().contains(word)) {
          only = set.getKey();
          lists++;
        }
      }
      if (lists == 1) {
        votes.merge(only, 1, Integer::sum);
      }
    }
    String best = null;
    int first = 0;
    int second = 0;
    for (Map.Entry<String, Integer> vote : votes.entrySet()) {
      if (vote.getValue() > first) {
        second = first;
        first = vote.getValue();
        best = vote.getKey();
      } else if (vote.getValue() > second) {
        second = vote.getValue();
      }
    }
    if (first >= 2 && first >= 3 * second) {
      return Optional.of(new Detection(best, (double) first / (first + second)));
    }
    return Optional.empty();
  }

  /**
   * The language of {@code text} (URLs, mentions and hashtags best removed first), empty when
   * undetermined.
   */
  public Optional<Detection> detect(String text) {
    if (text.codePoints().filter(Character::isLetter).count() < 3) {
      return Optional.empty();
    }
    Optional<Detection> quick = byFunctionWords(text);
    if (quick.isPresent()) {
      return quick;
    }
    SortedMap<Language, Double> confidences = detector.computeLanguageConfidenceValues(text);
    if (confidences.isEmpty()) {
      return Optional.empty();
    }
    Map.Entry<Language, Double> best =
        confidences.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
    if (best.getValue() < minConfidence) {
      return Optional.empty();
    }
    return Optional.of(
        new Detection(
            best.getKey().getIsoCode639_1().toString().toLowerCase(Locale.ROOT), best.getValue()));
  }
}
