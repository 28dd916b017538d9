package io.vigie.streams.enrich;

import com.github.pemistahl.lingua.api.Language;
import com.github.pemistahl.lingua.api.LanguageDetector;
import com.github.pemistahl.lingua.api.LanguageDetectorBuilder;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * The language of a post among French, English and the main European languages (German, Spanish,
 * Italian, Portuguese, Dutch), in two steps:
 *
 * <ol>
 *   <li>A vote of function words ({@link FunctionWordVote}): when one language has at least two of
 *       them and three times as many as the next, it wins. Two posts in three of the bundled
 *       CrisisLex tweets are decided here, in about 2 µs.
 *   <li>Otherwise Lingua, in its low-accuracy (trigram) mode, on the first {@value #LINGUA_PREFIX}
 *       characters at most: 100-200 µs a post and a few MB of models, where its high-accuracy mode
 *       costs 500-900 µs and 175 MB for these seven languages (and Lingua with every language about
 *       1.5 GB). Lingua's cost grows with the text: the prefix saves about a tenth on tweets and
 *       bounds it for long posts. It changed 3 answers of 25,750 tweets (one of the 20,018 bundled
 *       CrisisLex tweets, English to Italian; two UMSAB French training tweets, to French) and none
 *       of UMSAB's validation tweets.
 * </ol>
 *
 * A post with too few letters, or whose best language is below the confidence floor, is
 * undetermined rather than wrong. Measured on UMSAB in docs/enrichment.md.
 */
public final class LanguageIdentifier {

  /**
   * A detected language (ISO 639-1) and its confidence, 0 to 1: the share of the function-word
   * votes, or Lingua's, which in 1.2.2 is relative to the likeliest language and so always 1 for
   * it.
   */
  public record Detection(String language, double confidence) {}

  /** The characters Lingua reads at most: a short tweet's worth, about twenty words. */
  static final int LINGUA_PREFIX = 120;

  private static final Language[] LANGUAGES = {
    Language.FRENCH,
    Language.ENGLISH,
    Language.GERMAN,
    Language.SPANISH,
    Language.ITALIAN,
    Language.PORTUGUESE,
    Language.DUTCH
  };

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
   * The language of {@code text} (URLs, mentions and hashtags best removed first), empty when
   * undetermined.
   */
  public Optional<Detection> detect(String text) {
    FunctionWordVote vote = FunctionWordVote.of(text);
    if (vote.letters() < 3) {
      return Optional.empty();
    }
    Optional<Detection> quick = vote.winner();
    if (quick.isPresent()) {
      return quick;
    }
    return byTrigrams(text.length() > LINGUA_PREFIX ? prefix(text) : text);
  }

  private Optional<Detection> byTrigrams(String text) {
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

  /** The first {@link #LINGUA_PREFIX} characters, cut before a word rather than inside one. */
  private static String prefix(String text) {
    int end = text.lastIndexOf(' ', LINGUA_PREFIX);
    return text.substring(0, end > 0 ? end : LINGUA_PREFIX);
  }
}
