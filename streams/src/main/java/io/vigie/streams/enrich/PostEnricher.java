package io.vigie.streams.enrich;

import io.vigie.schema.Author;
import io.vigie.schema.EnrichedPost;
import io.vigie.schema.Post;
import io.vigie.streams.watch.PostView;
import io.vigie.streams.watch.WatchRuleSet;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything enrichment adds to a post, in one pure call: language, Lucene tokens and folded words,
 * entities, sentiment, crisis vocabulary, watch-rule matches and author influence. The same code
 * runs in the enrichment topology, in backtests and in tests. Thread-safe.
 */
public final class PostEnricher {

  private final LanguageIdentifier languages;
  private final TrustedLanguageSources trusted;
  private final TextAnalysis analysis;
  private final Entities entities = new Entities();
  private final SentimentModel sentiment;
  private final CrisisVocabulary crisis;

  /** An enricher that trusts the sources {@link TrustedLanguageSources#MEASURED} names. */
  public PostEnricher(LanguageIdentifier languages, TextAnalysis analysis) {
    this(languages, TrustedLanguageSources.MEASURED, analysis);
  }

  public PostEnricher(
      LanguageIdentifier languages, TrustedLanguageSources trusted, TextAnalysis analysis) {
    this.languages = languages;
    this.trusted = trusted;
    this.analysis = analysis;
    this.sentiment = SentimentModel.bundled(analysis);
    this.crisis = new CrisisVocabulary(analysis);
  }

  /** An enricher with the default models: seven European languages, the bundled sentiment model. */
  public static PostEnricher defaults() {
    return new PostEnricher(LanguageIdentifier.european(), new TextAnalysis());
  }

  public TextAnalysis analysis() {
    return analysis;
  }

  public EnrichedPost enrich(EnrichedPost unique, Instant now, WatchRuleSet rules) {
    Post post = unique.getPost();
    String text = post.getText();
    Entities.Found found = entities.find(text);
    String plain = TextAnalysis.wordsOnly(text);
    Optional<String> declared = trusted.language(post);
    String language = declared.orElse(null);
    // A trusted source's own label: no detection, and a confidence left unknown (null).
    Float confidence = null;
    if (declared.isEmpty()) {
      Optional<LanguageIdentifier.Detection> detected = languages.detect(plain.replace('#', ' '));
      if (detected.isPresent()) {
        language = detected.get().language();
        confidence = (float) detected.get().confidence();
      } else {
        // The source's own label, when the text is too short to tell: confidence unknown.
        language = TrustedLanguageSources.hinted(post).orElse(null);
      }
    }
    List<String> words = analysis.words(text);
    SentimentModel.Prediction feeling =
        sentiment.classify(plain, !found.urls().isEmpty(), words, found.emojis(), language);
    CrisisVocabulary.Match vocabulary = crisis.match(words);
    Author author = post.getAuthor();
    String handle = author == null ? null : author.getHandle();
    List<String> watched =
        rules.matching(new PostView(words, found.hashtags(), found.mentions(), handle, language));
    return EnrichedPost.newBuilder(unique)
        .setEnrichedAt(now)
        .setLanguage(language)
        .setLanguageConfidence(confidence)
        .setTokens(analysis.tokens(text, language))
        .setWords(words)
        .setHashtags(found.hashtags())
        .setMentions(found.mentions())
        .setUrls(found.urls())
        .setCashtags(found.cashtags())
        .setEmojis(found.emojis())
        .setSentimentScore((float) feeling.score())
        .setSentiment(feeling.label())
        .setWatchRuleIds(watched)
        .setCrisisScore((float) vocabulary.score())
        .setCrisisTerms(vocabulary.terms())
        .setAuthorInfluence(influence(author))
        .build();
  }

  /**
   * 0 to 1 from the follower count on a log scale: 10 followers 0.14, 1,000 0.43, 100,000 0.71, 10
   * million and more 1. Null when the count is unknown.
   */
  static Float influence(Author author) {
    if (author == null || author.getFollowers() == null) {
      return null;
    }
    return (float) Math.min(1.0, Math.log10(1 + author.getFollowers()) / 7.0);
  }
}
