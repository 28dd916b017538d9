package io.vigie.devtools.eval;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How {@code vigie eval crisislex-series} shows its {@link CrisisLexSeries} results: a Markdown
 * table of the figures of each event, one of the targets each met, and a line counting the sudden
 * events that alerted in time.
 */
public final class CrisisLexSeriesTables {

  private static final DateTimeFormatter MINUTE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter SECOND =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private CrisisLexSeriesTables() {}

  /**
   * Prints both tables of {@code results} on {@code out}, and how many sudden events alerted in
   * time.
   */
  public static void print(List<CrisisLexSeries.Result> results, PrintWriter out) {
    out.println(
        "| event | onset | volume series (minutes) | posts in it | first post at/after the onset | first alert after the onset (minute closed) | latency | alerts before the onset | further alerts | off-topic series (days) | false alerts | false alerts / day |");
    out.println("|---|---|---:|---:|---|---|---:|---:|---:|---:|---:|---:|");
    for (CrisisLexSeries.Result r : results) {
      Optional<CrisisLexSeries.OnsetScore> score = r.onsetScore();
      out.printf(
          Locale.ROOT,
          "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %.1f | %d | %.2f |%n",
          r.event(),
          score.map(s -> MINUTE.format(s.onset())).orElse("(progressive)"),
          r.volume().map(v -> String.format(Locale.ROOT, "%,d", v.counts().length)).orElse(""),
          r.volume().map(v -> String.format(Locale.ROOT, "%,d", v.total())).orElse(""),
          score.map(s -> SECOND.format(s.firstPostAfterOnset())).orElse(""),
          score.map(s -> s.firstAlertAfterOnset().map(MINUTE::format).orElse("none")).orElse(""),
          score
              .flatMap(CrisisLexSeries.OnsetScore::latency)
              .map(CrisisLexSeriesTables::minutes)
              .orElse(""),
          score.map(s -> Integer.toString(s.alertsBeforeOnset())).orElse(""),
          score.map(s -> Integer.toString(s.furtherAlerts())).orElse(""),
          r.offTopic().days(),
          r.falseAlerts().alerts(),
          r.falseAlerts().perDay());
    }
    out.println();
    out.printf(
        Locale.ROOT,
        "| event | latency ≤ %d min | 0 alerts before the onset | ≤ %.0f false alert / day off-topic |%n",
        CrisisLexSeries.LATENCY_TARGET.toMinutes(),
        CrisisLexSeries.FALSE_ALERTS_PER_DAY_TARGET);
    out.println("|---|---|---|---|");
    int sudden = 0;
    int inTime = 0;
    for (CrisisLexSeries.Result r : results) {
      Optional<CrisisLexSeries.OnsetScore> score = r.onsetScore();
      sudden += score.isPresent() ? 1 : 0;
      inTime += score.filter(CrisisLexSeries.OnsetScore::latencyMet).isPresent() ? 1 : 0;
      out.printf(
          "| %s | %s | %s | %s |%n",
          r.event(),
          score.map(s -> met(s.latencyMet())).orElse("(progressive)"),
          score.map(s -> met(s.alertsBeforeOnset() == 0)).orElse("(progressive)"),
          met(r.falseAlerts().met()));
    }
    out.printf(
        Locale.ROOT,
        "%n%d of %d sudden events alerted within %d min of their first post after the onset.%n",
        inTime,
        sudden,
        CrisisLexSeries.LATENCY_TARGET.toMinutes());
    out.flush();
  }

  private static String minutes(Duration latency) {
    return String.format(Locale.ROOT, "%.1f min", latency.toMillis() / 60_000.0);
  }

  private static String met(boolean met) {
    return met ? "met" : "not met";
  }
}
