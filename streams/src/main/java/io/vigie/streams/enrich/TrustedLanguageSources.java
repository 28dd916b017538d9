package io.vigie.streams.enrich;

import io.vigie.schema.Post;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The sources whose {@code lang_hint} enrichment takes as a post's language without detecting it. A
 * source qualifies only when it detects the language itself, by machine (as Twitter's {@code lang}
 * does), and a measurement on bundled samples of it shows its hint agrees with {@link
 * LanguageIdentifier}: a language the author or the client declares is often the interface's
 * locale, whatever the post is written in.
 *
 * <p>{@link #MEASURED} trusts none today (docs/enrichment.md, "Language", keeps the measurement):
 * Mastodon's {@code language} and Bluesky's {@code langs} are declared by the author or the client,
 * and one bundled sample each is no measurement; feeds carry no hint; CrisisLex replays, source
 * {@code twitter}, carry no hint either; webhook and JSON-lines posts hint whatever their sender
 * says; the generator's hint is the language it wrote the text in, right by construction but not a
 * detection, and trusting it would flatter benchmarks of generated traffic alone.
 */
public record TrustedLanguageSources(Set<String> sources) {

  /** The decision the measurement supports: no source is trusted. */
  public static final TrustedLanguageSources MEASURED = new TrustedLanguageSources(Set.of());

  public TrustedLanguageSources {
    sources = Set.copyOf(sources);
  }

  /**
   * The post's own language (ISO 639-1, from its BCP 47 hint) when its source is trusted and gives
   * one.
   */
  public Optional<String> language(Post post) {
    if (!sources.contains(post.getSource())) {
      return Optional.empty();
    }
    return hinted(post);
  }

  /** The language the post's hint names, whatever its source. */
  static Optional<String> hinted(Post post) {
    String hint = post.getLangHint();
    if (hint == null || hint.length() < 2) {
      return Optional.empty();
    }
    return Optional.of(hint.substring(0, 2).toLowerCase(Locale.ROOT));
  }
}
