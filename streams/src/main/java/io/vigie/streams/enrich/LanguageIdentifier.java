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
 * Italian, Portuguese, Dutch), with Lingua: its n-gram models hold up on short texts, where
 * character-profile detectors guess. Only these seven languages' models are loaded (Lingua with
 * every language costs about 1.5 GB of heap). A post whose best language is not clearly ahead of
 * the second, or that has too few letters, is undetermined rather than wrong.
 */
public final class LanguageIdentifier {

  /** A detected language (ISO 639-1) and the confidence Lingua gives it, 0 to 1. */
  public record Detection(String language, double confidence) {}

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
        LanguageDetectorBuilder.fromLanguages(LANGUAGES).withPreloadedLanguageModels().build(),
        0.5);
  }

  /**
   * The language of {@code text} (URLs, mentions and hashtags best removed first), empty when
   * undetermined.
   */
  public Optional<Detection> detect(String text) {
    if (text.codePoints().filter(Character::isLetter).count() < 3) {
      return Optional.empty();
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
