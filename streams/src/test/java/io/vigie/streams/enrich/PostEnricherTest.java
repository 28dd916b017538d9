package io.vigie.streams.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.schema.Author;
import io.vigie.schema.EnrichedPost;
import io.vigie.schema.Post;
import io.vigie.schema.SentimentLabel;
import io.vigie.schema.WatchRule;
import io.vigie.streams.watch.WatchRuleSet;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PostEnricherTest {

  private static final PostEnricher ENRICHER = PostEnricher.defaults();
  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

  private static EnrichedPost enrich(String text, Long followers, WatchRule... rules) {
    Post post =
        Post.newBuilder()
            .setSource("test")
            .setId("1")
            .setText(text)
            .setCreatedAt(NOW)
            .setIngestedAt(NOW)
            .setAuthor(Author.newBuilder().setHandle("temoin").setFollowers(followers).build())
            .build();
    return ENRICHER.enrich(
        EnrichedPost.newBuilder().setPost(post).setEnrichedAt(NOW).build(),
        NOW,
        WatchRuleSet.of(List.of(rules), ENRICHER.analysis()::fold));
  }

  private static WatchRule rule(String id, String query, String... languages) {
    return WatchRule.newBuilder()
        .setId(id)
        .setName(id)
        .setQuery(query)
        .setLanguages(List.of(languages))
        .setEnabled(true)
        .setUpdatedAt(NOW)
        .build();
  }

  @Test
  void enrichesAFrenchCrisisPost() {
    EnrichedPost post =
        enrich(
            "Terrible explosion près du port, des blessés et l'évacuation du quartier en cours"
                + " #Marseille @marie@piaille.fr 😱 https://ex.am/ple",
            12_000L,
            rule("port", "explosion AND (port OR quai)", "fr"),
            rule("english-only", "explosion", "en"));

    assertThat(post.getLanguage()).isEqualTo("fr");
    assertThat(post.getLanguageConfidence()).isGreaterThan(0.5f);
    assertThat(post.getTokens())
        .contains("explosion", "port", "evacu")
        .doesNotContain("des", "du", "l");
    assertThat(post.getWords()).contains("explosion", "evacuation", "blesses");
    assertThat(post.getHashtags()).containsExactly("marseille");
    assertThat(post.getMentions()).containsExactly("marie@piaille.fr");
    assertThat(post.getUrls()).containsExactly("https://ex.am/ple");
    assertThat(post.getEmojis()).containsExactly("😱");
    assertThat(post.getSentiment()).isEqualTo(SentimentLabel.NEGATIVE);
    assertThat(post.getSentimentScore()).isNegative();
    assertThat(post.getCrisisTerms()).contains("explosion", "blessés", "évacuation");
    assertThat(post.getCrisisScore()).isGreaterThan(0.5f);
    assertThat(post.getWatchRuleIds()).containsExactly("port");
    assertThat(post.getAuthorInfluence()).isBetween(0.55f, 0.6f);
  }

  @Test
  void scoresEnglishSentimentWithNegationAndCashtags() {
    assertThat(enrich("Great service, I love this store!", null).getSentiment())
        .isEqualTo(SentimentLabel.POSITIVE);
    assertThat(enrich("The service was not good at all, very disappointed", null).getSentiment())
        .isEqualTo(SentimentLabel.NEGATIVE);
    EnrichedPost market = enrich("$AAPL and $tsla are trading today", null);
    assertThat(market.getCashtags()).containsExactly("AAPL", "TSLA");
    assertThat(market.getLanguage()).isEqualTo("en");
    assertThat(market.getAuthorInfluence()).isNull();
  }

  private static EnrichedPost enrichFrom(
      PostEnricher enricher, String source, String langHint, String text) {
    Post post =
        Post.newBuilder()
            .setSource(source)
            .setId("1")
            .setText(text)
            .setLangHint(langHint)
            .setCreatedAt(NOW)
            .setIngestedAt(NOW)
            .build();
    return enricher.enrich(
        EnrichedPost.newBuilder().setPost(post).setEnrichedAt(NOW).build(),
        NOW,
        WatchRuleSet.of(List.of(), enricher.analysis()::fold));
  }

  @Test
  void shouldTakeATrustedSourcesLanguageWithoutDetectingIt() {
    PostEnricher trusting =
        new PostEnricher(
            LanguageIdentifier.european(),
            new TrustedLanguageSources(Set.of("twitter")),
            ENRICHER.analysis());

    EnrichedPost post =
        enrichFrom(trusting, "twitter", "fr-FR", "Explosion near the finish line, stay away");

    assertThat(post.getLanguage()).isEqualTo("fr");
    assertThat(post.getLanguageConfidence()).isNull();
  }

  @Test
  void shouldDetectTheLanguageOfAnUntrustedSourceWhateverItsHint() {
    EnrichedPost post =
        enrichFrom(ENRICHER, "mastodon", "fr", "Explosion near the finish line, stay away");

    assertThat(post.getLanguage()).isEqualTo("en");
    assertThat(post.getLanguageConfidence()).isNotNull();
  }

  @Test
  void shouldDetectTheLanguageOfATrustedSourcesPostWithoutHint() {
    PostEnricher trusting =
        new PostEnricher(
            LanguageIdentifier.european(),
            new TrustedLanguageSources(Set.of("twitter")),
            ENRICHER.analysis());

    EnrichedPost post =
        enrichFrom(trusting, "twitter", null, "Explosion near the finish line, stay away");

    assertThat(post.getLanguage()).isEqualTo("en");
  }

  @Test
  void shouldFallBackOnAnUntrustedHintWhenTheTextIsTooShortToTell() {
    EnrichedPost post = enrichFrom(ENRICHER, "mastodon", "pt-BR", "ok");

    assertThat(post.getLanguage()).isEqualTo("pt");
    assertThat(post.getLanguageConfidence()).isNull();
  }

  @Test
  void shouldTrustNoSourceByDefault() {
    assertThat(TrustedLanguageSources.MEASURED.sources()).isEmpty();
  }
}
