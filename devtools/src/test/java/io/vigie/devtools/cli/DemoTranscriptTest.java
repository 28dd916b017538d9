package io.vigie.devtools.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.vigie.alerts.AlertPrinter;
import io.vigie.app.cli.Logs;
import io.vigie.devtools.demo.DemoLines;
import io.vigie.schema.Alert;
import io.vigie.schema.AlertStatus;
import io.vigie.schema.Evidence;
import io.vigie.schema.Explanation;
import io.vigie.schema.SamplePost;
import io.vigie.schema.Severity;
import io.vigie.schema.SignalKind;
import io.vigie.testkit.SampleFindings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The README's "What the demo prints" has the shape of what the demo prints: each line is one the
 * demo's code prints (its own format strings, {@link AlertPrinter}'s output, Vigie's warnings on
 * the terminal), in the order the demo prints them. Values (ports, counts, times, ids, texts) may
 * differ from run to run; the fixed words and the order may not.
 */
class DemoTranscriptTest {

  /** One kind of line, and where it comes in the demo's output. */
  private record Shape(int stage, String name, Pattern pattern) {}

  /** What {@code logback-file.xml} prints on the terminal: {@code %-5level %logger{0} - %msg}. */
  private static final Pattern TERMINAL_LOG = Pattern.compile("(WARN |ERROR) [\\w$]+ - .+");

  private static final Pattern ELISION = Pattern.compile(" *\\.\\.\\.");

  @Test
  void shouldShowInTheReadmeOnlyLinesTheDemoPrintsInTheOrderItPrintsThem() throws Exception {
    List<String> transcript = readmeTranscript();
    List<Shape> shapes = shapes();

    int stage = 0;
    List<String> seen = new ArrayList<>();
    String previous = "";
    for (String line : transcript) {
      if (line.isBlank()
          || ELISION.matcher(line).matches()
          || TERMINAL_LOG.matcher(line).matches()) {
        continue;
      }
      int current = stage;
      // An incident's summary ("  %s") would match any indented line: it may only come right
      // after the incident's first line.
      boolean summaryAllowed = previous.equals(OPENING);
      // The earliest stage the line may come at, and there the most specific shape.
      Shape match =
          shapes.stream()
              .filter(s -> summaryAllowed || !s.name().equals(SUMMARY))
              .filter(s -> s.stage() >= current && s.pattern().matcher(line).matches())
              .min(
                  Comparator.comparingInt(Shape::stage)
                      .thenComparing(
                          Comparator.comparingInt(DemoTranscriptTest::fixedChars).reversed()))
              .orElse(null);
      if (match == null) {
        List<String> anywhere =
            shapes.stream()
                .filter(s -> s.pattern().matcher(line).matches())
                .map(Shape::name)
                .toList();
        fail(
            anywhere.isEmpty()
                ? "The demo prints no line like this README line: " + line
                : "The demo does not print this README line at this point: "
                    + line
                    + " (elsewhere it would be "
                    + anywhere
                    + ")");
      }
      stage = match.stage();
      seen.add(match.name());
      previous = match.name();
    }

    assertThat(seen)
        .as("the transcript shows the log file, the start, the replay, incidents and the end")
        .contains(
            "Logs.FILE_LINE",
            "DemoCommand.STARTING",
            "DemoCommand.PUBLISHED",
            OPENING,
            SUMMARY,
            "AlertPrinter update",
            "DemoCommand.INCIDENTS",
            "DemoCommand.HOLDS",
            "DemoCommand.FINISHED");
  }

  @Test
  void shouldTellALineTheDemoDoesNotPrintOrPrintsElsewhere() throws Exception {
    List<Shape> shapes = shapes();
    String published = "Published 20018 posts to vigie.posts.raw (9158 posts/s)";
    String changed = "Published 20018 posts into vigie.posts.raw (9158 posts/s)";
    String opening = "[HIGH] Volume spike: all posts  2013-04-15 13:12:17 UTC  (SPIKE, inc-2b5)";

    assertThat(shapes).anyMatch(s -> s.pattern().matcher(published).matches());
    assertThat(shapes).noneMatch(s -> s.pattern().matcher(changed).matches());
    Shape finished =
        shapes.stream().filter(s -> s.name().equals("DemoCommand.FINISHED")).findFirst().get();
    assertThat(shapes)
        .filteredOn(s -> s.pattern().matcher(opening).matches())
        .isNotEmpty()
        .allMatch(s -> s.stage() < finished.stage(), "an incident never comes after the end");
  }

  /** How much of a shape is fixed text rather than values. */
  private static int fixedChars(Shape shape) {
    return shape.pattern().pattern().replace(".*?", "").length();
  }

  private static List<String> readmeTranscript() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
    int section = readme.indexOf("## What the demo prints");
    assertThat(section).as("README section 'What the demo prints'").isNotNegative();
    int open = readme.indexOf("```\n", section);
    int close = readme.indexOf("\n```", open + 4);
    return Arrays.asList(readme.substring(open + 4, close).split("\n", -1));
  }

  /** Every line the demo may print, staged in the order it prints them. */
  private static List<Shape> shapes() {
    List<Shape> shapes = new ArrayList<>();
    shapes.add(new Shape(0, "Logs.FILE_LINE", formatPattern(Logs.FILE_LINE)));
    int stage = 1;
    for (Map.Entry<String, String> format : demoFormats().entrySet()) {
      for (String line : format.getValue().split("%n")) {
        if (!line.isEmpty()) {
          shapes.add(new Shape(stage, "DemoCommand." + format.getKey(), formatPattern(line)));
        }
      }
      stage++;
      if (format.getValue().equals(DemoLines.PUBLISHED)) {
        // Incidents print while the pipeline catches up, after the replay.
        for (Map.Entry<String, Pattern> line : alertLines().entrySet()) {
          shapes.add(new Shape(stage, line.getKey(), line.getValue()));
        }
        stage++;
      }
    }
    return shapes;
  }

  private static Map<String, String> demoFormats() {
    Map<String, String> named = new java.util.LinkedHashMap<>();
    for (String format : DemoLines.LINES) {
      named.put(constantName(format), format);
    }
    return named;
  }

  private static String constantName(String format) {
    for (java.lang.reflect.Field field : DemoLines.class.getDeclaredFields()) {
      try {
        if (field.getType() == String.class
            && java.lang.reflect.Modifier.isStatic(field.getModifiers())
            && format.equals(field.get(null))) {
          return field.getName();
        }
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(e);
      }
    }
    return format;
  }

  /** A {@link java.util.Formatter} format as a pattern of the lines it prints. */
  static Pattern formatPattern(String format) {
    Matcher spec =
        Pattern.compile("%(\\d+\\$)?([-#+ 0,(<]*)(\\d+)?(\\.\\d+)?([a-zA-Z%])").matcher(format);
    StringBuilder regex = new StringBuilder();
    int last = 0;
    while (spec.find()) {
      regex.append(Pattern.quote(format.substring(last, spec.start())));
      regex.append(
          switch (spec.group(5)) {
            case "s" -> ".*?";
            case "d" -> " *-?[\\d,]+";
            case "f", "g", "e" -> " *-?[\\d.,]+(?:e[+-]\\d+)?";
            case "%" -> "%";
            case "n" -> "";
            default -> throw new IllegalArgumentException("conversion " + spec.group());
          });
      last = spec.end();
    }
    regex.append(Pattern.quote(format.substring(last)));
    return Pattern.compile(regex.toString());
  }

  private static final String MARK = "«x»";
  private static final String OPENING = "AlertPrinter opening";
  private static final String SUMMARY = "AlertPrinter summary";

  /**
   * The lines {@link AlertPrinter} prints, as patterns: alerts whose every text is a marker are
   * printed for real, then markers, enum names and numbers become wildcards.
   */
  private static Map<String, Pattern> alertLines() {
    Alert base = SampleFindings.alert();
    Evidence evidence =
        Evidence.newBuilder(base.getExplanation().getEvidence())
            .setTopTerms(List.of(MARK))
            .setDetails(
                Map.of(
                    "posts", MARK,
                    "organic_posts", MARK,
                    "coordinated_posts", MARK,
                    "distinct_authors", MARK,
                    "negative_posts", MARK,
                    "positive_posts", MARK))
            .build();
    List<SamplePost> samples =
        List.of(
            SamplePost.newBuilder(evidence.getSamplePosts().get(0))
                .setAuthorHandle(null)
                .setTextExcerpt(MARK)
                .build());
    Alert opening =
        Alert.newBuilder(base)
            .setId(MARK)
            .setVersion(1)
            .setStatus(AlertStatus.OPEN)
            .setTitle(MARK)
            .setSummary(MARK)
            .setSamplePosts(samples)
            .setExplanation(
                Explanation.newBuilder(base.getExplanation())
                    .setBaseline(MARK)
                    .setEvidence(evidence)
                    .build())
            .build();
    Map<String, Pattern> lines = new java.util.LinkedHashMap<>();
    // Detected within a minute ("41 s") or later ("25 min 2 s").
    for (long latency : new long[] {41_000L, 1_502_000L}) {
      Alert alert =
          Alert.newBuilder(opening)
              .setExplanation(
                  Explanation.newBuilder(opening.getExplanation())
                      .setDetectionLatencyMs(latency)
                      .build())
              .build();
      List<String> printed = print(alert);
      assertThat(printed.get(1))
          .as("the summary, second line of an opening")
          .isEqualTo("  " + MARK);
      lines.put(OPENING, linePattern(printed.get(0)));
      lines.put(SUMMARY, linePattern(printed.get(1)));
      for (int i = 2; i < printed.size(); i++) {
        lines.put(
            "AlertPrinter opening line " + i + " (" + latency + " ms)",
            linePattern(printed.get(i)));
      }
    }
    for (AlertStatus status : AlertStatus.values()) {
      Alert update = Alert.newBuilder(opening).setVersion(2).setStatus(status).build();
      for (String line : print(update)) {
        lines.put(
            status == AlertStatus.OPEN ? "AlertPrinter update" : "AlertPrinter " + status,
            linePattern(line));
      }
    }
    return lines;
  }

  private static List<String> print(Alert alert) {
    StringWriter printed = new StringWriter();
    new AlertPrinter(new PrintWriter(printed)).print(alert);
    return Arrays.stream(printed.toString().split("\\R")).filter(l -> !l.isEmpty()).toList();
  }

  private static Pattern linePattern(String printed) {
    String enums =
        Arrays.stream(Severity.values()).map(Enum::name).collect(Collectors.joining("|"))
            + "|"
            + Arrays.stream(SignalKind.values()).map(Enum::name).collect(Collectors.joining("|"));
    Matcher value =
        Pattern.compile(Pattern.quote(MARK) + "|\\b(?:" + enums + ")\\b|\\d[\\d.,]*")
            .matcher(printed);
    StringBuilder regex = new StringBuilder();
    int last = 0;
    while (value.find()) {
      regex.append(Pattern.quote(printed.substring(last, value.start())));
      String found = value.group();
      regex.append(
          found.equals(MARK) ? ".*?" : Character.isDigit(found.charAt(0)) ? "[\\d.,]+" : "[A-Z_]+");
      last = value.end();
    }
    regex.append(Pattern.quote(printed.substring(last)));
    return Pattern.compile(regex.toString());
  }
}
