package io.vigie.devtools.cli;

import io.vigie.app.backtest.HistoryBacktest;
import io.vigie.app.cli.ExitCode;
import io.vigie.app.cli.VigieCommand;
import io.vigie.devtools.eval.CrisisLexEvaluation;
import io.vigie.ingest.replay.CrisisLexCsv;
import io.vigie.streams.detect.DetectionSettings;
import io.vigie.streams.enrich.PostEnricher;
import io.vigie.streams.watch.WatchRuleSet;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code vigie eval crisislex}: crisis detection latency and false alerts on CrisisLex T6. */
@Command(
    name = "crisislex",
    mixinStandardHelpOptions = true,
    description = {
      "Crisis detection on CrisisLex T6 events with the vocabulary Vigie ships: latency from the first on-topic post to the first alert, false alerts per day on the off-topic posts alone, weak signals.",
      "Without --data, the two CrisisLex samples bundled with Vigie."
    })
final class EvalCrisisLexCommand extends VigieCommand {
  @Mixin CrisisLexData data = new CrisisLexData();

  @Override
  public Integer call() throws Exception {
    var enricher = PostEnricher.defaults();
    var evaluation =
        new CrisisLexEvaluation(
            new HistoryBacktest(DetectionSettings.defaults(), enricher, WatchRuleSet.empty()));
    out()
        .println(
            "| event | posts | on-topic | first on-topic post | first alert | latency | alerts | off-topic days | false alerts | false alerts / day | weak signals (mostly on-topic) | weak-signal lead times |");
    out().println("|---|---:|---:|---|---|---:|---:|---:|---:|---:|---:|---|");
    data.forEach((name, contents) -> report(evaluation, name, contents));
    return ExitCode.OK.code();
  }

  private void report(CrisisLexEvaluation evaluation, String name, CrisisLexCsv.Contents contents) {
    Optional<Instant> onset = CrisisLexEvaluation.onset(name);
    String event = CrisisLexEvaluation.eventName(name);
    var r = evaluation.evaluate(event, contents, onset);
    out()
        .printf(
            Locale.ROOT,
            "| %s | %,d | %,d | %s | %s | %s | %d | %.1f | %d | %.2f | %d (%d) | %s |%n",
            event,
            r.posts(),
            r.onTopic(),
            onset.isEmpty() || r.firstOnTopic() == null ? "(progressive)" : r.firstOnTopic(),
            r.firstAlert()
                .map(a -> a.getSeverity() + " " + a.getTitle())
                .orElse(onset.isEmpty() ? "" : "none"),
            r.latency()
                .map(d -> String.format(Locale.ROOT, "%.1f min", d.toSeconds() / 60.0))
                .orElse(""),
            r.alerts(),
            r.offTopicDays(),
            r.offTopicAlerts(),
            r.falseAlertsPerDay(),
            r.weakSignals(),
            r.weakSignalsMostlyOnTopic(),
            r.leadTimes().isEmpty()
                ? ""
                : r.leadTimes().stream()
                    .map(d -> d.toMinutes() + " min")
                    .collect(Collectors.joining(", ")));
    out().flush();
  }
}
