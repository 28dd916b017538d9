package io.vigie.streams.dedup;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The form of a text that near-duplicates share: Unicode NFKC, case-folded, accents kept, without
 * repost prefixes ({@code RT @user:}), URLs, mentions (including Mastodon's {@code @user@server}),
 * the {@code #} of hashtags, digits, punctuation, and letters repeated three times or more cut to
 * two ("trooop" and "troop" are the same word said louder). What is left is the words, one space
 * apart.
 */
public final class TextNormalizer {

  private static final Pattern REPOST_PREFIX =
      Pattern.compile("^(?:\\s*(?:rt|mt|via)\\s*@[\\p{L}\\p{N}_.@-]+\\s*:?\\s*)+");
  private static final Pattern URL = Pattern.compile("(?:https?://|www\\.)\\S+");
  private static final Pattern MENTION = Pattern.compile("@[\\p{L}\\p{N}_]+(?:@[\\w.-]+)?");
  private static final Pattern ELONGATION = Pattern.compile("(\\p{L})\\1{2,}");
  private static final Pattern NOT_A_LETTER = Pattern.compile("[^\\p{L}]+");

  private TextNormalizer() {}

  public static String normalize(String text) {
    String folded = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    folded = REPOST_PREFIX.matcher(folded).replaceFirst("");
    folded = URL.matcher(folded).replaceAll(" ");
    folded = MENTION.matcher(folded).replaceAll(" ");
    folded = ELONGATION.matcher(folded).replaceAll("$1$1");
    return NOT_A_LETTER.matcher(folded).replaceAll(" ").strip();
  }

  /** The handle a manual repost ({@code RT @user: ...}) credits, if the text starts with one. */
  public static Optional<String> repostedHandle(String text) {
    var matcher =
        Pattern.compile("^\\s*(?:RT|rt|MT)\\s*@([\\p{L}\\p{N}_]+(?:@[\\w.-]+)?)\\s*:")
            .matcher(text);
    return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
  }
}
