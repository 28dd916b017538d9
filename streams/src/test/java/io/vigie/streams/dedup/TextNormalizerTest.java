package io.vigie.streams.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextNormalizerTest {

  @Test
  void aManualRetweetNormalisesLikeItsOriginal() {
    String original = "Explosions at the #BostonMarathon finish line http://t.co/abc123 @CNN";
    String retweet =
        "RT @breakingnews: Explosions at the #bostonmarathon finish line http://t.co/xyz";

    assertThat(TextNormalizer.normalize(retweet))
        .isEqualTo(TextNormalizer.normalize(original))
        .isEqualTo("explosions at the bostonmarathon finish line");
  }

  @Test
  void foldsWidthCaseElongationsDigitsAndMastodonHandles() {
    assertThat(
            TextNormalizer.normalize(
                "ＩＮＯＮＤＡＴＩＯＮ à Nîmes !!! trooooop d'eau 2013 @marie@piaille.fr"))
        .isEqualTo("inondation à nîmes troop d eau");
  }

  @Test
  void findsTheHandleAManualRepostCredits() {
    assertThat(TextNormalizer.repostedHandle("RT @boston_police: Shelter in place"))
        .contains("boston_police");
    assertThat(TextNormalizer.repostedHandle("Shelter in place RT @x: y")).isEmpty();
  }
}
