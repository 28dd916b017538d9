package io.vigie.devtools.cli;

import io.vigie.app.cli.ExitCode;
import io.vigie.app.cli.VigieCommand;
import io.vigie.devtools.eval.NabEvaluation;
import io.vigie.devtools.eval.NabScorer;
import io.vigie.streams.detect.SpikeSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigie eval nab}: the volume-spike detector scored on NAB count series. */
@Command(
    name = "nab",
    mixinStandardHelpOptions = true,
    description = {
      "The volume-spike detector's own binary alerts on NAB count series, scored with NAB's standard profile (no threshold search).",
      "--data: a folder of <name>.csv files (timestamp,value) and NAB's anomaly_windows.json, e.g. NAB's realTweets files."
    })
final class EvalNabCommand extends VigieCommand {
  @Option(names = "--data", required = true, paramLabel = "DIR")
  Path data;

  @Override
  public Integer call() throws Exception {
    NabEvaluation evaluation = new NabEvaluation(data, slots);
    List<NabEvaluation.Series> series = evaluation.read();
    SpikeSettings defaults = NabEvaluation.defaults();
    List<NabScorer.FileScore> fixed = new ArrayList<>();
    List<NabScorer.FileScore> crossValidated = new ArrayList<>();
    out()
        .println(
            "| file | rows | windows | hit (defaults) | alerts (defaults) | false alerts (defaults) | parameters chosen on the other files | hit | alerts | false alerts |");
    out().println("|---|---:|---:|---:|---:|---:|---|---:|---:|---:|");
    int alertsFixed = 0;
    int alertsChosen = 0;
    for (NabEvaluation.Series held : series) {
      NabEvaluation.FileResult result = evaluation.evaluate(held, series);
      fixed.add(result.withDefaults());
      crossValidated.add(result.chosen());
      alertsFixed += result.defaultAlerts();
      alertsChosen += result.chosenAlerts();
      out()
          .printf(
              Locale.ROOT,
              "| %s | %,d | %d | %d | %d | %d | budget %s a day (h %.1f), cooldown %d h | %d | %d | %d |%n",
              held.name(),
              held.counts().length,
              result.withDefaults().windows(),
              result.withDefaults().windowsHit(),
              result.defaultAlerts(),
              result.withDefaults().falseAlerts(),
              result.chosenBudget(),
              result.chosenSettings().threshold(),
              result.chosenSettings().cooldownBuckets() * NabEvaluation.STEP.toMinutes() / 60,
              result.chosen().windowsHit(),
              result.chosenAlerts(),
              result.chosen().falseAlerts());
    }
    out()
        .printf(
            Locale.ROOT,
            "%nNAB score, standard profile, %d files: %.1f with the fixed defaults (h %.1f, %d alerts), %.1f with parameters chosen leave-one-file-out (%d alerts)%n",
            series.size(),
            NabScorer.normalised(fixed),
            defaults.threshold(),
            alertsFixed,
            NabScorer.normalised(crossValidated),
            alertsChosen);
    return ExitCode.OK.code();
  }

  @Option(
      names = "--cycle-slots",
      defaultValue = "24",
      description =
          "Slots of the daily cycle the detector learns: 24 (hour of day, default), 168 (hour of week) or 0 (none).")
  int slots;
}
