package io.vigie.streams.enrich;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.WordlistLoader;
import org.apache.lucene.analysis.de.GermanAnalyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.es.SpanishAnalyzer;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;
import org.apache.lucene.analysis.it.ItalianAnalyzer;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.nl.DutchAnalyzer;
import org.apache.lucene.analysis.pt.PortugueseAnalyzer;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.util.ElisionFilter;
import org.apache.lucene.util.IOUtils;

/**
 * Lucene's analysis of a post's text, two ways:
 *
 * <ul>
 *   <li>{@link #tokens}: the analyzer of the post's language (stop words, French elision, light
 *       stemming), or the standard analyzer for other languages. Elasticsearch indexes these
 *       tokens, since a minimal cluster has no language analyzers.
 *   <li>{@link #words}: every word, lower-cased, accent-folded, French elisions removed, nothing
 *       stemmed or dropped: what watch rules and vocabularies match, so that {@code explosion}
 *       matches "l'Explosion" and {@code evacuation} matches "évacuation".
 * </ul>
 *
 * URLs and mentions are removed first (they are entities, not words); a hashtag's word is kept.
 * Analyzers are thread-safe: one instance serves every stream thread.
 */
public final class TextAnalysis {

  private static final Pattern URL = Pattern.compile("(?:https?://|www\\.)\\S+");
  private static final Pattern MENTION = Pattern.compile("@[\\p{L}\\p{N}_]+(?:@[\\w.-]+)?");

  private final Map<String, Analyzer> byLanguage =
      Map.of(
          "fr", new FrenchAnalyzer(),
          "en", new EnglishAnalyzer(),
          "de", new GermanAnalyzer(),
          "es", new SpanishAnalyzer(),
          "it", new ItalianAnalyzer(),
          "pt", new PortugueseAnalyzer(),
          "nl", new DutchAnalyzer());
  private final Analyzer standard = new StandardAnalyzer();
  private final Set<String> stopWords;
  private final Analyzer words =
      new Analyzer() {
        @Override
        protected TokenStreamComponents createComponents(String field) {
          Tokenizer tokenizer = new StandardTokenizer();
          TokenStream stream = new ElisionFilter(tokenizer, FrenchAnalyzer.DEFAULT_ARTICLES);
          stream = new LowerCaseFilter(stream);
          return new TokenStreamComponents(tokenizer, new ASCIIFoldingFilter(stream));
        }
      };

  public TextAnalysis() {
    this.stopWords = loadStopWords();
  }

  /** The text without URLs and mentions. */
  public static String wordsOnly(String text) {
    return MENTION.matcher(URL.matcher(text).replaceAll(" ")).replaceAll(" ");
  }

  /** Whether {@code text} has a link. */
  public static boolean hasLink(String text) {
    return URL.matcher(text).find();
  }

  /** Stemmed tokens for {@code language} (ISO 639-1; null or unsupported: standard analysis). */
  public List<String> tokens(String text, String language) {
    Analyzer analyzer = language == null ? standard : byLanguage.getOrDefault(language, standard);
    return analyze(analyzer, wordsOnly(text));
  }

  /** Unstemmed, folded words, stop words kept. */
  public List<String> words(String text) {
    return analyze(words, wordsOnly(text));
  }

  /**
   * Whether a word from {@link #words} is a stop word in any of the languages analysed (Snowball's
   * lists, folded the same way): such words say nothing about what a conversation is about.
   */
  public boolean isStopWord(String word) {
    return stopWords.contains(word);
  }

  private Set<String> loadStopWords() {
    Set<String> all = new HashSet<>();
    for (String list :
        List.of("english", "french", "german", "spanish", "italian", "portuguese", "dutch")) {
      try (Reader reader =
          IOUtils.getDecodingReader(
              SnowballFilter.class, list + "_stop.txt", StandardCharsets.UTF_8)) {
        for (Object entry : WordlistLoader.getSnowballWordSet(reader)) {
          all.addAll(words(new String((char[]) entry)));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Lucene's " + list + " stop words are missing", e);
      }
    }
    return Set.copyOf(all);
  }

  /** A watch-rule term or vocabulary entry folded the way {@link #words} folds text. */
  public List<String> fold(String term) {
    return analyze(words, term);
  }

  private static List<String> analyze(Analyzer analyzer, String text) {
    List<String> out = new ArrayList<>();
    try (TokenStream stream = analyzer.tokenStream("text", text)) {
      CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
      stream.reset();
      while (stream.incrementToken()) {
        out.add(term.toString());
      }
      stream.end();
    } catch (IOException e) {
      throw new UncheckedIOException("analysing a string cannot fail", e);
    }
    return out;
  }
}
