package io.vigie.alerts;

import io.vigie.schema.Alert;
import io.vigie.schema.AlertStatus;
import io.vigie.schema.Explanation;
import io.vigie.schema.IncidentSplit;
import io.vigie.schema.SamplePost;
import io.vigie.schema.Severity;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Alerts for a terminal: an incident's first version in full (what, how sure, why, three sample
 * posts), later versions on one line each, and only when that line says something new (a growing
 * crisis gets a version for every subject or post that joins it, most of which read the same). Post
 * text is untrusted: control characters are removed so that a post cannot move the cursor or
 * recolour the terminal.
 */
public final class AlertPrinter {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  private final PrintWriter out;
  private final Duration displayShift;
  private final boolean updates;

  /** The last line printed for each open incident: its severity and summary. */
  private final Map<String, String> lastLines = new HashMap<>();

  /** Prints every version, times as they are. */
  public AlertPrinter(PrintWriter out) {
    this(out, Duration.ZERO, true);
  }

  /**
   * @param displayShift added to times before printing (a replay rebased in time shows the original
   *     times)
   * @param updates whether later versions are printed too, or only openings and resolutions
   */
  public AlertPrinter(PrintWriter out, Duration displayShift, boolean updates) {
    this.out = out;
    this.displayShift = displayShift;
    this.updates = updates;
  }

  /** Prints one alert version; thread-safe, so that a feed thread may call it. */
  public synchronized void print(Alert alert) {
    String line = alert.getSeverity() + ": " + clean(alert.getSummary());
    boolean open = alert.getStatus() == AlertStatus.OPEN;
    if (alert.getVersion() == 1) {
      printOpening(alert);
      lastLines.put(alert.getId(), line);
    } else if (alert.getSeverity().ordinal() >= Severity.LOW.ordinal()
        && (updates || !open)
        && !(open && line.equals(lastLines.get(alert.getId())))) {
      // Notes (INFO: weak signals alone) print when they appear, not at each change.
      out.printf(
          Locale.ROOT,
          "  %s v%d %s %s%n",
          alert.getId(),
          alert.getVersion(),
          open ? "updated" : alert.getStatus().name().toLowerCase(Locale.ROOT),
          line);
      lastLines.put(alert.getId(), line);
    }
    if (!open) {
      lastLines.remove(alert.getId());
    }
    out.flush();
  }

  private void printOpening(Alert alert) {
    Explanation why = alert.getExplanation();
    Map<String, String> details = why.getEvidence().getDetails();
    out.printf(
        Locale.ROOT,
        "%n[%s] %s  %s  (%s, %s)%n",
        alert.getSeverity(),
        clean(alert.getTitle()),
        TIME.format(alert.getFirstSeen().plus(displayShift)),
        alert.getKind(),
        alert.getId());
    out.printf(Locale.ROOT, "  %s%n", clean(alert.getSummary()));
    out.printf(
        Locale.ROOT,
        "  observed %.3g, expected %.3g, score %.3g%s%n",
        why.getObserved(),
        why.getExpected(),
        why.getScore(),
        why.getDetectionLatencyMs() == null
            ? ""
            : ", detected " + humane(why.getDetectionLatencyMs()) + " after the first post");
    if (why.getBaseline() != null) {
      out.printf(Locale.ROOT, "  baseline: %s%n", clean(why.getBaseline()));
    }
    if (!why.getEvidence().getTopTerms().isEmpty()) {
      out.printf(
          Locale.ROOT,
          "  top terms: %s%n",
          clean(String.join(", ", why.getEvidence().getTopTerms())));
    }
    if (details.containsKey("posts")) {
      // The whole incident's split when detection wrote one, else the main signal's.
      Optional<IncidentSplit> split = IncidentSplit.of(alert);
      out.printf(
          Locale.ROOT,
          "  posts %s (organic %s, coordinated %s), authors %s, negative %s / positive %s%n",
          split.map(s -> Long.toString(s.posts())).orElse(details.get("posts")),
          split.map(s -> Long.toString(s.organic())).orElse(details.get("organic_posts")),
          split.map(s -> Long.toString(s.coordinated())).orElse(details.get("coordinated_posts")),
          details.get("distinct_authors"),
          details.get("negative_posts"),
          details.get("positive_posts"));
    }
    for (SamplePost sample : alert.getSamplePosts()) {
      out.printf(
          Locale.ROOT,
          "  > %s%s%n",
          sample.getAuthorHandle() == null ? "" : "@" + clean(sample.getAuthorHandle()) + ": ",
          clean(abbreviate(sample.getTextExcerpt(), 140)));
    }
  }

  private static String humane(long millis) {
    Duration d = Duration.ofMillis(millis);
    return d.toMinutes() >= 1
        ? d.toMinutes() + " min " + d.toSecondsPart() + " s"
        : d.toSeconds() + " s";
  }

  private static String abbreviate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }

  /** Removes control characters (escape sequences included) and folds line breaks. */
  static String clean(String text) {
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints()
        .forEach(
            c -> {
              if (c == '\n' || c == '\r' || c == '\t') {
                out.append(' ');
              } else if (!Character.isISOControl(c) && Character.getType(c) != Character.FORMAT) {
                out.appendCodePoint(c);
              }
            });
    return out.toString();
  }
}
