package io.vigie.streams.enrich;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Crisis vocabulary: the CrisisLex recommended lexicon (English), Vigie's English supplement and
 * French list, matched on folded words, multi-word entries on consecutive words. The score grows
 * with the number of distinct entries found and saturates: {@code n / (n + 2)}, so one entry gives
 * 0.33, two 0.5, four 0.67; a single common word ("fire") never looks like a disaster on its own.
 */
public final class CrisisVocabulary {

  /** Entries found (as written in the lists) and the score, 0 to 1. */
  public record Match(List<String> terms, double score) {}

  /** First folded word of an entry to the entries starting with it (folded words, original). */
  private final Map<String, List<Entry>> byFirstWord = new HashMap<>();

  private record Entry(List<String> words, String term) {}

  public CrisisVocabulary(TextAnalysis analysis) {
    for (String list :
        List.of(
            "CrisisLexRec-lexicon.txt",
            "english-crisis-vocabulary.txt",
            "french-crisis-vocabulary.txt")) {
      for (String term : lines(list)) {
        List<String> words = analysis.fold(term);
        if (!words.isEmpty()) {
          byFirstWord
              .computeIfAbsent(words.get(0), w -> new ArrayList<>())
              .add(new Entry(words, term));
        }
      }
    }
  }

  /** The entries {@code words} (from {@link TextAnalysis#words}) contain. */
  public Match match(List<String> words) {
    Set<String> found = new LinkedHashSet<>();
    for (int i = 0; i < words.size(); i++) {
      for (Entry entry : byFirstWord.getOrDefault(words.get(i), List.of())) {
        if (i + entry.words().size() <= words.size()
            && words.subList(i, i + entry.words().size()).equals(entry.words())) {
          found.add(entry.term());
        }
      }
    }
    int n = found.size();
    return new Match(List.copyOf(found), n / (n + 2.0));
  }

  private static List<String> lines(String name) {
    InputStream in = CrisisVocabulary.class.getResourceAsStream("crisis/" + name);
    if (in == null) {
      throw new IllegalStateException("Missing resource crisis/" + name);
    }
    List<String> lines = new ArrayList<>();
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line; (line = reader.readLine()) != null; ) {
        if (!line.isBlank() && !line.startsWith("#")) {
          lines.add(line.strip());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return lines;
  }
}
