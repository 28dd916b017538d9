package io.vigie.streams.enrich;

import com.twitter.twittertext.Extractor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hashtags, mentions, URLs and cashtags as twitter-text finds them (the rules Twitter/X itself
 * uses), plus Mastodon's {@code @user@server} handles, which twitter-text would cut at the second
 * {@code @}, and emoji.
 */
public final class Entities {

  /** What a text holds. Hashtags and mentions lower-cased, cashtags upper-cased. */
  public record Found(
      List<String> hashtags,
      List<String> mentions,
      List<String> urls,
      List<String> cashtags,
      List<String> emojis) {}

  private static final Pattern FEDIVERSE_HANDLE =
      Pattern.compile("(?<![\\w@])@([\\p{L}\\p{N}_]+)@([\\p{L}\\p{N}-]+(?:\\.[\\p{L}\\p{N}-]+)+)");

  private static final Pattern MAYBE_ENTITY = Pattern.compile("[#＃@＠$]|https?://|www\\.");

  /**
   * Links need their scheme ({@code https://}, or {@code www.}): matching bare domains
   * ("example.com") makes twitter-text's URL pattern three times slower, and posts carry full
   * links.
   */
  private final Extractor extractor = newExtractor();

  private static Extractor newExtractor() {
    Extractor extractor = new Extractor();
    extractor.setExtractURLWithoutProtocol(false);
    return extractor;
  }

  public Found find(String text) {
    List<String> mentions = new ArrayList<>();
    Matcher fediverse = FEDIVERSE_HANDLE.matcher(text);
    StringBuilder rest = new StringBuilder();
    while (fediverse.find()) {
      mentions.add((fediverse.group(1) + "@" + fediverse.group(2)).toLowerCase(Locale.ROOT));
      fediverse.appendReplacement(rest, " ");
    }
    fediverse.appendTail(rest);
    String others = rest.toString();
    List<String> hashtags = new ArrayList<>();
    List<String> urls = new ArrayList<>();
    List<String> cashtags = new ArrayList<>();
    // twitter-text's patterns are costly (80 µs a tweet for hashtags, which look for links too):
    // one pass for every kind, and none when the text has nothing any of them needs.
    if (MAYBE_ENTITY.matcher(others).find()) {
      for (Extractor.Entity entity : extractor.extractEntitiesWithIndices(others)) {
        switch (entity.getType()) {
          case HASHTAG -> hashtags.add(entity.getValue().toLowerCase(Locale.ROOT));
          case MENTION -> mentions.add(entity.getValue().toLowerCase(Locale.ROOT));
          case URL -> urls.add(entity.getValue());
          case CASHTAG -> cashtags.add(entity.getValue().toUpperCase(Locale.ROOT));
          default -> {}
        }
      }
    }
    return new Found(
        List.copyOf(hashtags),
        List.copyOf(mentions),
        List.copyOf(urls),
        List.copyOf(cashtags),
        emojis(text));
  }

  /**
   * Emoji code points, with the skin-tone modifiers, variation selectors and joiners that only
   * adjust them left out.
   */
  static List<String> emojis(String text) {
    List<String> found = new ArrayList<>();
    text.codePoints()
        .filter(Entities::isEmoji)
        .forEach(cp -> found.add(new String(Character.toChars(cp))));
    return found;
  }

  private static boolean isEmoji(int cp) {
    if (cp >= 0x1F3FB && cp <= 0x1F3FF) {
      return false; // skin tones
    }
    return (cp >= 0x1F000 && cp <= 0x1FAFF)
        || (cp >= 0x2600 && cp <= 0x27BF)
        || (cp >= 0x2300 && cp <= 0x23FF)
        || (cp >= 0x2B00 && cp <= 0x2BFF && Character.getType(cp) == Character.OTHER_SYMBOL);
  }
}
