package io.vigie.devtools.cli;

import io.vigie.app.cli.ExitCode;
import io.vigie.app.cli.VigieCommand;
import io.vigie.devtools.eval.ScenarioEvaluation;
import io.vigie.streams.enrich.PostEnricher;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigie eval scenarios}: episodes planted in generated chatter, found or not. */
@Command(
    name = "scenarios",
    mixinStandardHelpOptions = true,
    description = {
      "Planted crisis, bad buzz and astroturf in three days of generated chatter (day 1 warms up, day 2 is background only, day 3 carries the episodes): detected or not, as which kind, how fast, and false alerts."
    })
final class EvalScenariosCommand extends VigieCommand {
  @Option(
      names = "--seeds",
      split = ",",
      defaultValue = "42,7,2026",
      description = "Generator seeds, one run each (default: 42,7,2026).")
  List<Long> seeds;

  @Option(
      names = "--rate",
      defaultValue = "20",
      description = "Background posts per minute (default: 20).")
  double rate;

  @Override
  public Integer call() throws Exception {
    var evaluation = new ScenarioEvaluation(PostEnricher.defaults());
    out()
        .println(
            "| seed | posts | crisis | bad buzz | astroturf | emerging story | false alerts, day 2 (background) | false alerts, day 3 | alerts during warm-up (day 1) |");
    out().println("|---:|---:|---|---|---|---|---:|---:|---:|");
    int missed = 0;
    for (long seed : seeds) {
      var r = evaluation.evaluate(seed, rate);
      List<String> cells = new ArrayList<>();
      for (var outcome : r.outcomes()) {
        cells.add(
            !outcome.detected()
                ? "missed"
                : String.format(
                        Locale.ROOT,
                        "%s as %s in %.1f min",
                        outcome.rightKind() ? "detected" : "detected (wrong kind)",
                        outcome.kind(),
                        outcome.latency().orElseThrow().toSeconds() / 60.0)
                    + outcome
                        .leadTime()
                        .map(
                            lead ->
                                String.format(
                                    Locale.ROOT,
                                    ", %.0f min before the spike on its word",
                                    lead.toSeconds() / 60.0))
                        .orElse(""));
        if (!outcome.detected() || !outcome.rightKind()) {
          missed++;
        }
      }
      out()
          .printf(
              Locale.ROOT,
              "| %d | %,d | %s | %d | %d | %d |%n",
              seed,
              r.posts(),
              String.join(" | ", cells),
              r.backgroundAlerts(),
              r.falseAlerts().size() - r.backgroundAlerts(),
              r.warmupAlerts());
      for (var alert : r.falseAlerts()) {
        out()
            .printf(
                Locale.ROOT,
                "|  | false alert | %s %s %s |  |  |  |  |  |  |%n",
                alert.getFirstSeen(),
                alert.getSeverity(),
                alert.getTitle());
      }
      out().flush();
    }
    return ExitCode.OK.code();
  }
}
