package io.vigie.streams.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigie.streams.enrich.Entities;
import io.vigie.streams.enrich.TextAnalysis;
import org.junit.jupiter.api.Test;

class WatchQueryTest {

  private static final TextAnalysis ANALYSIS = new TextAnalysis();
  private static final Entities ENTITIES = new Entities();

  private static boolean matches(String query, String text) throws WatchQueryException {
    return matches(query, text, "someone", "fr");
  }

  private static boolean matches(String query, String text, String author, String language)
      throws WatchQueryException {
    var found = ENTITIES.find(text);
    PostView post =
        new PostView(ANALYSIS.words(text), found.hashtags(), found.mentions(), author, language);
    return WatchQuery.parse(query, ANALYSIS::fold).matches(post);
  }

  @Test
  void wordsMatchCaseAndAccentInsensitivelyWithoutStemming() throws Exception {
    assertThat(matches("explosion", "L'Explosion a eu lieu près du port")).isTrue();
    assertThat(matches("évacuation", "EVACUATION du quartier en cours")).isTrue();
    assertThat(matches("explosion", "Deux explosions entendues")).as("not stemmed").isFalse();
    assertThat(matches("explosion*", "Deux explosions entendues")).isTrue();
  }

  @Test
  void combinesPhrasesWithAndOrNotAndParentheses() throws Exception {
    String query = "(\"rappel conso\" OR rappel) AND (fromage OR lait) -test";
    assertThat(matches(query, "Rappel conso : fromage contaminé à la listeria")).isTrue();
    assertThat(matches(query, "Rappel du lait infantile")).isTrue();
    assertThat(matches(query, "Rappel conso sur des jouets")).isFalse();
    assertThat(matches(query, "Rappel du lait : ceci est un test")).isFalse();
    assertThat(matches("conso rappel", "Rappel conso")).as("juxtaposition is AND").isTrue();
    assertThat(matches("\"conso rappel\"", "Rappel conso")).as("a phrase keeps order").isFalse();
  }

  @Test
  void matchesHashtagsAuthorsMentionsAndLanguages() throws Exception {
    String text = "Grève à la #SNCF ce matin, merci @SNCF_Voyageurs";
    assertThat(matches("#sncf", text)).isTrue();
    assertThat(matches("#grève", text)).isFalse();
    assertThat(matches("@sncf_voyageurs", text)).as("a mention").isTrue();
    assertThat(matches("author:sncf_voyageurs", text)).as("not the author").isFalse();
    assertThat(matches("author:@Journaliste", text, "journaliste", "fr")).isTrue();
    assertThat(matches("grève lang:fr", text, "x", "fr")).isTrue();
    assertThat(matches("grève lang:en", text, "x", "fr")).isFalse();
    assertThat(matches("@marie@piaille.fr", "Merci @marie@piaille.fr !")).isTrue();
  }

  @Test
  void lowerCaseOperatorsAreWords() throws Exception {
    assertThat(matches("rock and roll", "rock and roll")).isTrue();
    assertThat(matches("rock and roll", "rock roll")).isFalse();
  }

  @Test
  void syntaxErrorsSayWhatAndWhere() {
    assertThatThrownBy(() -> WatchQuery.parse("(explosion OR incendie", ANALYSIS::fold))
        .isInstanceOf(WatchQueryException.class)
        .hasMessage("at character 1: '(' is never closed");
    assertThatThrownBy(() -> WatchQuery.parse("explosion OR", ANALYSIS::fold))
        .hasMessage("at character 13: the query ends where a term is expected");
    assertThatThrownBy(() -> WatchQuery.parse("explosion )", ANALYSIS::fold))
        .hasMessage("at character 11: ')' without a matching '('");
    assertThatThrownBy(() -> WatchQuery.parse("a AND OR b", ANALYSIS::fold))
        .hasMessage("at character 7: OR where a term is expected");
    assertThatThrownBy(() -> WatchQuery.parse("\"rappel conso", ANALYSIS::fold))
        .hasMessage("at character 1: the quote is never closed");
    assertThatThrownBy(() -> WatchQuery.parse("lang:french", ANALYSIS::fold))
        .hasMessageContaining("two-letter");
    assertThatThrownBy(() -> WatchQuery.parse("   ", ANALYSIS::fold))
        .hasMessage("at character 4: the query is empty");
    assertThatThrownBy(() -> WatchQuery.parse("ex*", ANALYSIS::fold))
        .hasMessageContaining("at least 3 letters");
  }
}
