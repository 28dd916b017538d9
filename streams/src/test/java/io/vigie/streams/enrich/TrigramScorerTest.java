package io.vigie.streams.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TrigramScorerTest {

  private static final TrigramScorer SCORER = TrigramScorer.shared();

  private static String languageOf(String text) {
    return SCORER.score(text).detection().orElseThrow().language();
  }

  @Test
  void shouldFindAFrenchSentenceWithoutFunctionWordsFrench() {
    assertThat(languageOf("Incendie gigantesque, pompiers débordés, quartier évacué"))
        .isEqualTo("fr");
  }

  @Test
  void shouldFindAnEnglishSentenceWithoutFunctionWordsEnglish() {
    assertThat(languageOf("Huge wildfire, firefighters overwhelmed, neighbourhood evacuated"))
        .isEqualTo("en");
  }

  @Test
  void shouldLetAccentsDecidePortugueseOverSpanish() {
    assertThat(languageOf("Situação complicada, população assustada")).isEqualTo("pt");
    assertThat(languageOf("Situación complicada, población asustada")).isEqualTo("es");
  }

  @Test
  void shouldTellGermanDutchAndItalianApart() {
    assertThat(languageOf("Überschwemmung, Straßen gesperrt")).isEqualTo("de");
    assertThat(languageOf("Overstroming, straten afgesloten")).isEqualTo("nl");
    assertThat(languageOf("Alluvione, strade chiuse")).isEqualTo("it");
  }

  @Test
  void shouldLeaveTooFewLettersUndetermined() {
    assertThat(SCORER.score("ok 12 !").detection()).isEmpty();
    assertThat(SCORER.score("").detection()).isEmpty();
  }

  @Test
  void shouldIgnoreCaseAndEverythingButLetters() {
    TrigramScorer.Scores lower = SCORER.score("pompiers débordés");
    TrigramScorer.Scores mixed = SCORER.score("POMPIERS… Débordés!!! 112");

    assertThat(mixed.sums()).containsExactly(lower.sums());
    assertThat(mixed.trigrams()).isEqualTo(lower.trigrams()).isEqualTo(6 + 6);
  }

  @Test
  void shouldBeSurerOfALongClearTextThanOfAnAmbiguousWord() {
    double clear =
        SCORER.score("Incendie gigantesque, pompiers débordés, quartier évacué").confidence();
    double ambiguous = SCORER.score("Taxi").confidence();

    assertThat(clear).isGreaterThan(0.9);
    assertThat(ambiguous).isGreaterThanOrEqualTo(1.0 / 7).isLessThan(clear);
  }

  @Test
  void shouldLoadTheModelsOnceAndShareThem() {
    assertThat(TrigramScorer.shared()).isSameAs(SCORER);
  }

  @Test
  void shouldReadAnElongationAsTwoLetters() {
    assertThat(SCORER.score("noooooooo").sums()).containsExactly(SCORER.score("noo").sums());
  }

  @Test
  void shouldReadAtMostItsBoundOfTrigrams() {
    assertThat(SCORER.score("pompiers ".repeat(100)).trigrams())
        .isEqualTo(TrigramScorer.MAX_TRIGRAMS);
  }
}
