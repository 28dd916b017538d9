package io.vigie.devtools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Figures the documentation quotes from a benchmark are those of the latest run recorded in {@code
 * docs/benchmarks/}, and each benchmark page names the command and the date that produced it. A
 * page holds its latest run first (older runs, kept for comparison, come after), so "the row" of a
 * measurement is the first table row of the page whose first cell names it.
 *
 * <p>Outside the benchmark pages a figure is quoted in one of two ways:
 *
 * <ul>
 *   <li>a link to the page whose title names the row, e.g. {@code [3,126 posts/s](benchmarks/
 *       pipeline.md "Vigie, Kafka side")}: every number in the link's text is in that row;
 *   <li>a table copied from the page, recognised by its header row: each of its rows is the row of
 *       the page's first table with that header that has the same first cell, cell for cell.
 * </ul>
 *
 * Any other rate in posts, documents or records a second, outside code blocks, is unsourced.
 */
class QuotedBenchmarkFiguresTest {

  private static final Path ROOT = Path.of("..");
  private static final Path BENCHMARKS = ROOT.resolve("docs/benchmarks");

  private static final Pattern PRODUCED_BY =
      Pattern.compile(
          "^# .+\\n\\nProduced by `[^`]*\\./vigie (bench|faults)[^`]* --output"
              + " docs/benchmarks/(?<page>[\\w-]+\\.md)[^`]*`.*? on (\\d{4}-\\d{2}-\\d{2})",
          Pattern.DOTALL);
  private static final Pattern QUOTE =
      Pattern.compile(
          "\\[(?<text>[^\\]]+)\\]\\((?:docs/)?benchmarks/(?<page>[\\w-]+\\.md)(?:#[\\w-]*)?"
              + " \"(?<row>[^\"]+)\"\\)");
  private static final Pattern NUMBER = Pattern.compile("\\d[\\d,]*(?:\\.\\d+)?");
  private static final Pattern RATE =
      Pattern.compile("\\d[\\d,.]*(?:-\\d[\\d,.]*)?\\s*(?:posts|docs|records)/s");

  @Test
  void everyBenchmarkPageNamesTheCommandAndDateThatProducedIt() throws IOException {
    for (Map.Entry<String, String> page : benchmarkPages().entrySet()) {
      Matcher header = PRODUCED_BY.matcher(page.getValue());
      assertThat(header.find())
          .as(
              "%s starts with its title and 'Produced by `./vigie bench ... --output"
                  + " docs/benchmarks/%s` on <date>'",
              page.getKey(), page.getKey())
          .isTrue();
      assertThat(header.group("page")).as(page.getKey()).isEqualTo(page.getKey());
    }
  }

  @Test
  void figuresLinkedToABenchmarkAreThoseOfItsLatestRun() throws IOException {
    Map<String, String> pages = benchmarkPages();
    List<String> checked = new ArrayList<>();
    for (Map.Entry<String, String> doc : documentation().entrySet()) {
      Matcher quote = QUOTE.matcher(doc.getValue());
      while (quote.find()) {
        String where = doc.getKey() + ": " + quote.group();
        assertThat(pages).as(where).containsKey(quote.group("page"));
        Optional<List<String>> row = firstRow(pages.get(quote.group("page")), quote.group("row"));
        assertThat(row).as("%s names a row of %s", where, quote.group("page")).isPresent();
        List<String> figures = numbers(String.join(" | ", row.get()));
        assertThat(numbers(quote.group("text")))
            .as("%s quotes the row %s", where, row.get())
            .isNotEmpty()
            .allMatch(figures::contains);
        checked.add(where);
      }
    }
    assertThat(checked).as("quoted figures found").hasSizeGreaterThan(5);
  }

  @Test
  void tablesCopiedFromABenchmarkAreThoseOfItsLatestRun() throws IOException {
    Map<String, String> pages = benchmarkPages();
    int copies = 0;
    for (Map.Entry<String, String> doc : documentation().entrySet()) {
      for (List<List<String>> table : tables(doc.getValue())) {
        Optional<List<List<String>>> original = original(table, pages);
        if (original.isEmpty()) {
          continue;
        }
        copies++;
        for (List<String> row : table) {
          assertThat(original.get())
              .as("%s copies a benchmark's table; its row %s", doc.getKey(), row)
              .contains(row);
        }
      }
    }
    assertThat(copies).as("tables copied from benchmark pages").isPositive();
  }

  @Test
  void everyRateInTheDocumentationIsQuotedFromABenchmark() throws IOException {
    Map<String, String> pages = benchmarkPages();
    List<String> unsourced = new ArrayList<>();
    for (Map.Entry<String, String> doc : documentation().entrySet()) {
      // Copied tables are checked cell for cell by the test above.
      List<List<String>> copiedRows = new ArrayList<>();
      for (List<List<String>> table : tables(doc.getValue())) {
        if (original(table, pages).isPresent()) {
          copiedRows.addAll(table);
        }
      }
      boolean code = false;
      for (String line : doc.getValue().split("\n")) {
        if (line.startsWith("```")) {
          code = !code;
          continue;
        }
        if (code || (line.strip().startsWith("|") && copiedRows.contains(cells(line)))) {
          continue;
        }
        Matcher rate = RATE.matcher(QUOTE.matcher(line).replaceAll(""));
        while (rate.find()) {
          unsourced.add(doc.getKey() + ": " + rate.group() + " in: " + line);
        }
      }
    }
    assertThat(unsourced)
        .as("rates not linked to the benchmark row they come from (see this test's Javadoc)")
        .isEmpty();
  }

  /** The first table of a benchmark page with the same header row as {@code copy}. */
  private static Optional<List<List<String>>> original(
      List<List<String>> copy, Map<String, String> pages) {
    return pages.values().stream()
        .flatMap(page -> tables(page).stream())
        .filter(table -> table.get(0).equals(copy.get(0)))
        .findFirst();
  }

  /** The benchmark pages by file name. */
  private static Map<String, String> benchmarkPages() throws IOException {
    return read(BENCHMARKS, false);
  }

  /** The README and every page of docs/ outside docs/benchmarks, by path. */
  private static Map<String, String> documentation() throws IOException {
    Map<String, String> docs = read(ROOT.resolve("docs"), true);
    docs.put("README.md", Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8));
    return docs;
  }

  private static Map<String, String> read(Path folder, boolean withPath) throws IOException {
    Map<String, String> pages = new LinkedHashMap<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.sorted().toList()) {
        if (file.getFileName().toString().endsWith(".md")) {
          pages.put(
              withPath ? "docs/" + file.getFileName() : file.getFileName().toString(),
              Files.readString(file, StandardCharsets.UTF_8));
        }
      }
    }
    return pages;
  }

  /** The first table row of {@code page} whose first cell contains {@code name}. */
  private static Optional<List<String>> firstRow(String page, String name) {
    return tableRows(page).stream().filter(row -> row.get(0).contains(name)).findFirst();
  }

  /** Every table row of {@code text}, in order. */
  private static List<List<String>> tableRows(String text) {
    return tables(text).stream().flatMap(List::stream).toList();
  }

  /**
   * Markdown tables: runs of lines starting with {@code |}, header row first, separator rows left
   * out, cells trimmed and stripped of bold marks.
   */
  private static List<List<List<String>>> tables(String text) {
    List<List<List<String>>> tables = new ArrayList<>();
    List<List<String>> table = new ArrayList<>();
    for (String line : (text + "\n").split("\n")) {
      String trimmed = line.strip();
      if (!trimmed.startsWith("|")) {
        if (!table.isEmpty()) {
          tables.add(table);
          table = new ArrayList<>();
        }
      } else if (!trimmed.matches("\\|[-:| ]+\\|")) {
        table.add(cells(trimmed));
      }
    }
    return tables;
  }

  /** A table row's cells, trimmed and stripped of bold marks. */
  private static List<String> cells(String row) {
    String trimmed = row.strip();
    List<String> cells = new ArrayList<>();
    for (String cell : trimmed.substring(1, trimmed.length() - 1).split("\\|", -1)) {
      cells.add(cell.replace("**", "").strip());
    }
    return cells;
  }

  private static List<String> numbers(String text) {
    List<String> numbers = new ArrayList<>();
    Matcher number = NUMBER.matcher(text);
    while (number.find()) {
      numbers.add(number.group().replace(",", ""));
    }
    return numbers;
  }
}
