package io.vigie.streams.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LanguageIdentifierTest {

  private static final LanguageIdentifier IDENTIFIER = LanguageIdentifier.european();

  @Test
  void tellsFrenchFromEnglishEvenInShortPosts() {
    assertThat(IDENTIFIER.detect("Explosion près de la ligne d'arrivée"))
        .get()
        .extracting(LanguageIdentifier.Detection::language)
        .isEqualTo("fr");
    assertThat(IDENTIFIER.detect("Explosion near the finish line"))
        .get()
        .extracting(LanguageIdentifier.Detection::language)
        .isEqualTo("en");
    assertThat(IDENTIFIER.detect("Überschwemmung in der Altstadt, alle Straßen gesperrt"))
        .get()
        .extracting(LanguageIdentifier.Detection::language)
        .isEqualTo("de");
  }

  @Test
  void leavesTextWithoutWordsUndetermined() {
    assertThat(IDENTIFIER.detect("!!! 123")).isEmpty();
  }
}
