package io.vigie.streams.enrich;

import java.util.List;
import java.util.Optional;
import org.apache.lucene.analysis.CharArrayMap;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.de.GermanAnalyzer;
import org.apache.lucene.analysis.es.SpanishAnalyzer;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;
import org.apache.lucene.analysis.it.ItalianAnalyzer;
import org.apache.lucene.analysis.nl.DutchAnalyzer;
import org.apache.lucene.analysis.pt.PortugueseAnalyzer;

/**
 * One pass over a post's characters that counts its letters and lets its function words vote for
 * their language (Lucene's stop-word lists for the seven languages; a word in several lists, such
 * as "de", "la", "en" or "a", does not vote). A language wins with at least two votes and three
 * times as many as the next.
 *
 * <p>Why it is written by hand: the first version (a regular expression for words, {@code
 * toLowerCase}, seven set lookups a word, a map of votes and a stream to count letters) cost 8-10
 * µs of CPU a post on CrisisLex tweets, this one about 2. Here a word is looked up once, in place
 * and case-insensitively, in a map from word to its only language, and the votes are seven
 * counters. Not thread-safe: one per post.
 */
final class FunctionWordVote {

  /** Languages in vote order: index i of {@link #votes} counts {@code CODES[i]}. */
  private static final String[] CODES = {"fr", "en", "de", "es", "it", "pt", "nl"};

  private static final Integer SEVERAL_LANGUAGES = -1;

  /**
   * English function words: Lucene's English stop set has only 33 (it is tuned for search), too few
   * to outvote languages whose lists have hundreds.
   */
  private static final List<String> ENGLISH_FUNCTION_WORDS =
      List.of(
          "the", "and", "of", "to", "is", "it", "that", "for", "on", "with", "as", "was", "are",
          "be", "this", "have", "has", "at", "by", "from", "or", "not", "but", "they", "we", "you",
          "he", "she", "his", "her", "my", "our", "their", "your", "its", "an", "will", "would",
          "can", "could", "should", "were", "been", "there", "what", "which", "who", "when",
          "where", "how", "all", "just", "so", "if", "about", "up", "out", "no", "do", "does",
          "did", "me", "him", "them", "us", "than", "then", "too", "very", "i", "i'm", "it's",
          "don't", "can't", "these", "those", "into", "after", "before");

  /** Each function word (lower case, looked up ignoring case) to its language's index, or -1. */
  private static final CharArrayMap<Integer> LANGUAGE_OF_WORD = languageOfWord();

  private final int[] votes = new int[CODES.length];
  private int letters;

  /** Counts the letters and the votes of {@code text}. */
  static FunctionWordVote of(String text) {
    FunctionWordVote vote = new FunctionWordVote();
    vote.count(text.toCharArray());
    return vote;
  }

  /** The letters of the text, every script included. */
  int letters() {
    return letters;
  }

  /** The language whose own function words clearly dominate, if one does. */
  Optional<LanguageIdentifier.Detection> winner() {
    int best = -1;
    int first = 0;
    int second = 0;
    for (int i = 0; i < votes.length; i++) {
      if (votes[i] > first) {
        second = first;
        first = votes[i];
        best = i;
      } else if (votes[i] > second) {
        second = votes[i];
      }
    }
    if (first >= 2 && first >= 3 * second) {
      return Optional.of(
          new LanguageIdentifier.Detection(CODES[best], (double) first / (first + second)));
    }
    return Optional.empty();
  }

  /**
   * Words are runs of letters, with at most one inner apostrophe ("l'homme", "don't"), as the
   * regular expression {@code \p{L}+(?:['’]\p{L}+)?} found them.
   */
  private void count(char[] chars) {
    int i = 0;
    while (i < chars.length) {
      if (!isLetterAt(chars, i)) {
        i += Character.charCount(Character.codePointAt(chars, i));
        continue;
      }
      int start = i;
      i = afterLetters(chars, i);
      if (i + 1 < chars.length && isApostrophe(chars[i]) && isLetterAt(chars, i + 1)) {
        i = afterLetters(chars, i + 1);
      }
      Integer language = LANGUAGE_OF_WORD.get(chars, start, i - start);
      if (language != null && language >= 0) {
        votes[language]++;
      }
    }
  }

  private int afterLetters(char[] chars, int from) {
    int i = from;
    while (i < chars.length) {
      int codePoint = Character.codePointAt(chars, i);
      if (!Character.isLetter(codePoint)) {
        break;
      }
      letters++;
      i += Character.charCount(codePoint);
    }
    return i;
  }

  private static boolean isLetterAt(char[] chars, int i) {
    return Character.isLetter(Character.codePointAt(chars, i));
  }

  private static boolean isApostrophe(char c) {
    return c == '\'' || c == '’';
  }

  private static CharArrayMap<Integer> languageOfWord() {
    List<CharArraySet> lists =
        List.of(
            FrenchAnalyzer.getDefaultStopSet(),
            new CharArraySet(ENGLISH_FUNCTION_WORDS, false),
            GermanAnalyzer.getDefaultStopSet(),
            SpanishAnalyzer.getDefaultStopSet(),
            ItalianAnalyzer.getDefaultStopSet(),
            PortugueseAnalyzer.getDefaultStopSet(),
            DutchAnalyzer.getDefaultStopSet());
    CharArrayMap<Integer> languageOf = new CharArrayMap<>(2_048, true);
    for (int language = 0; language < lists.size(); language++) {
      for (Object word : lists.get(language)) {
        char[] key = (char[]) word;
        Integer already = languageOf.get(key, 0, key.length);
        languageOf.put(
            key,
            already == null || already == language ? Integer.valueOf(language) : SEVERAL_LANGUAGES);
      }
    }
    return languageOf;
  }
}
