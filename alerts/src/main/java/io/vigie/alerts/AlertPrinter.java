package io.vigie.alerts;

import io.vigie.core.text.AlertText;
import io.vigie.schema.Alert;
import io.vigie.schema.AlertStatus;
import io.vigie.schema.Severity;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Alerts for a terminal: an incident's first version in full (what, how sure, why, three sample
 * posts), later versions on one line each, and only when that line says something new (a growing
 * crisis gets a version for every subject or post that joins it, most of which read the same). The
 * lines are {@link AlertText}'s terminal ones, post text cleaned of control characters so that a
 * post cannot move the cursor or recolour the terminal.
 */
public final class AlertPrinter {

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
    String line = AlertText.terminalState(alert);
    boolean open = alert.getStatus() == AlertStatus.OPEN;
    if (alert.getVersion() == 1) {
      AlertText.terminalOpening(alert, displayShift).forEach(out::println);
      lastLines.put(alert.getId(), line);
    } else if (alert.getSeverity().ordinal() >= Severity.LOW.ordinal()
        && (updates || !open)
        && !(open && line.equals(lastLines.get(alert.getId())))) {
      // Notes (INFO: weak signals alone) print when they appear, not at each change.
      out.println(AlertText.terminalUpdate(alert, line));
      lastLines.put(alert.getId(), line);
    }
    if (!open) {
      lastLines.remove(alert.getId());
    }
    out.flush();
  }
}
