package io.vigie.streams.enrich;

import java.util.Optional;

/**
 * The language of a post among French, English and the main European languages (German, Spanish,
 * Italian, Portuguese, Dutch), in two steps:
 *
 * <ol>
 *   <li>A vote of function words ({@link FunctionWordVote}): when one language has at least two of
 *       them and three times as many as the next, it wins. Two posts in three of the bundled
 *       CrisisLex tweets are decided here, in about 2 µs.
 *   <li>Otherwise {@link TrigramScorer}, Lingua's letter n-gram models scored as its low-accuracy
 *       mode scores them, in one pass: 2-4 µs a post where Lingua itself cost 110-150 µs, most of
 *       it in its character rules and per-call collections. On 25,750 tweets it agrees with Lingua
 *       on 99.7% of the CrisisLex tweets both detect and keeps UMSAB validation's accuracy.
 * </ol>
 *
 * A post with too few letters, or whose best language is below the confidence floor, is
 * undetermined rather than wrong. Measured on UMSAB in docs/enrichment.md.
 */
public final class LanguageIdentifier {

  /**
   * A detected language (ISO 639-1) and its confidence, 0 to 1: the winner's share of the two best
   * function-word counts, or the trigram scorer's posterior probability ({@link
   * TrigramScorer.Scores#confidence}), which the 0.5 floor may reject.
   */
  public record Detection(String language, double confidence) {}

  private final TrigramScorer trigrams;
  private final double minConfidence;

  private LanguageIdentifier(TrigramScorer trigrams, double minConfidence) {
    this.trigrams = trigrams;
    this.minConfidence = minConfidence;
  }

  /** Detection among the seven languages; undetermined below 0.5 confidence. */
  public static LanguageIdentifier european() {
    return new LanguageIdentifier(TrigramScorer.shared(), 0.5);
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
    return trigrams.score(text).detection().filter(found -> found.confidence() >= minConfidence);
  }
}
