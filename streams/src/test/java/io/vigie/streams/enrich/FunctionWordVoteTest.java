package io.vigie.streams.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FunctionWordVoteTest {

  @Test
  void shouldLetAWordOfSeveralListsNotVote() {
    // "de", "la" and "en" are French, Spanish and Dutch function words alike.
    assertThat(FunctionWordVote.of("de la en de la en").winner()).isEmpty();
  }

  @Test
  void shouldElectALanguageWithTwoVotesAndThreeTimesTheNext() {
    assertThat(FunctionWordVote.of("Explosion near the finish line and the crowd").winner())
        .hasValue(new LanguageIdentifier.Detection("en", 1.0));
  }

  @Test
  void shouldElectNoLanguageWithoutAClearMajority() {
    assertThat(FunctionWordVote.of("the and der und").winner()).isEmpty();
  }

  @Test
  void shouldLookWordsUpWhateverTheirCase() {
    assertThat(FunctionWordVote.of("THE Flood AND The Fire").winner())
        .get()
        .extracting(LanguageIdentifier.Detection::language)
        .isEqualTo("en");
  }

  @Test
  void shouldKeepAnInnerApostropheInTheWord() {
    // "don't" and "it's" are English function words only with their apostrophe.
    assertThat(FunctionWordVote.of("don't worry it's fine").winner())
        .get()
        .extracting(LanguageIdentifier.Detection::language)
        .isEqualTo("en");
  }

  @Test
  void shouldCountTheLettersOfEveryScriptButNotDigitsOrSigns() {
    assertThat(FunctionWordVote.of("Ωμέγα 123 !! été 𝒜").letters()).isEqualTo(9);
  }
}
