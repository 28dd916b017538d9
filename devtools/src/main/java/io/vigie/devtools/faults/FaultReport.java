package io.vigie.devtools.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The suite's results: one row per fault scenario, as a Markdown table. */
public final class FaultReport {

  /** One scenario's figures. */
  public record Row(
      String fault,
      int injected,
      LedgerCheck.Outcome outcome,
      List<Duration> recoveries,
      long alertAfterSilenceMs,
      String notes,
      boolean otherChecksPassed) {

    public boolean clean() {
      if (outcome == null) {
        return true; // not run: the notes say why
      }
      return outcome.clean()
          && recoveries.size() == injected
          && alertAfterSilenceMs >= 0
          && otherChecksPassed;
    }

    /** A scenario this machine cannot run, with the reason. */
    static Row notRun(String fault, String reason) {
      return new Row(fault, 0, null, List.of(), 0, reason, true);
    }

    String markdown() {
      if (outcome == null) {
        return "| " + fault + " | 0 | – | – | – | – | – | – | – | – | – | " + notes + " |";
      }
      LedgerCheck.Outcome o = outcome;
      return String.format(
          Locale.ROOT,
          "| %s | %d | %,d | %d | %d | %d / %d | %d / %d | %d | %s | %s | %s | %s |",
          fault,
          injected,
          o.valid(),
          o.lost(),
          o.duplicated(),
          o.deadLetteredExpected(),
          o.deadLetteredUnexpected() + o.invalidNotDeadLettered(),
          o.episodesAlerted(),
          o.episodes(),
          o.alertVersionsDuplicated(),
          documents(o),
          recovery(),
          alertAfterSilenceMs < 0
              ? "never"
              : String.format(Locale.ROOT, "%.1f s", alertAfterSilenceMs / 1000.0),
          notes);
    }

    private String documents(LedgerCheck.Outcome o) {
      return o.documentsLost() < 0
          ? "not indexed"
          : o.documentsLost() + " lost, " + o.documentsDuplicated() + " twice";
    }

    private String recovery() {
      if (recoveries.isEmpty()) {
        return "–";
      }
      List<Long> millis = new ArrayList<>(recoveries.stream().map(Duration::toMillis).toList());
      millis.sort(null);
      String missing =
          recoveries.size() < injected ? " (" + (injected - recoveries.size()) + " never)" : "";
      return String.format(
              Locale.ROOT,
              "%.1f / %.1f s",
              millis.get((millis.size() - 1) / 2) / 1000.0,
              millis.get(millis.size() - 1) / 1000.0)
          + missing;
    }
  }

  private final List<Row> rows = new ArrayList<>();

  void add(Row row) {
    rows.add(row);
  }

  public List<Row> rows() {
    return List.copyOf(rows);
  }

  public boolean clean() {
    return rows.stream().allMatch(Row::clean);
  }

  public String table() {
    StringBuilder table =
        new StringBuilder(
            "| fault | injected | posts acknowledged | lost | duplicated | dead letters expected /"
                + " unexpected or missing | episodes alerted | alert versions twice | Elasticsearch"
                + " documents | recovery p50 / max | alert after the final silence | notes |\n"
                + "|---|--:|--:|--:|--:|--:|--:|--:|---|---|---|---|\n");
    rows.forEach(row -> table.append(row.markdown()).append('\n'));
    return table.toString();
  }
}
