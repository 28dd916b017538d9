package io.vigie.ops.cli;

import io.vigie.ingest.replay.CrisisLexCsv;
import io.vigie.ops.BundledDatasets;
import io.vigie.ops.backtest.HistoryBacktest;
import io.vigie.ops.eval.CrisisLexEvaluation;
import io.vigie.ops.eval.NabEvaluation;
import io.vigie.ops.eval.NabScorer;
import io.vigie.ops.eval.NearDuplicateEvaluation;
import io.vigie.ops.eval.ScenarioEvaluation;
import io.vigie.streams.dedup.NearDuplicateClusters;
import io.vigie.streams.detect.DetectionSettings;
import io.vigie.streams.detect.SpikeSettings;
import io.vigie.streams.enrich.LanguageIdentifier;
import io.vigie.streams.enrich.PostEnricher;
import io.vigie.streams.enrich.SentimentEvaluation;
import io.vigie.streams.enrich.SentimentModel;
import io.vigie.streams.enrich.TextAnalysis;
import io.vigie.streams.watch.WatchRuleSet;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vigie eval ...}: quality figures on labelled data, printed as Markdown. */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = "Measure detection and enrichment quality on labelled data.",
    subcommands = {
      EvalCommand.Dedup.class,
      EvalCommand.Enrichment.class,
      EvalCommand.Nab.class,
      EvalCommand.CrisisLex.class,
      EvalCrisisLexSeriesCommand.class,
      EvalCommand.Scenarios.class,
      EvalDemoCommand.class
    })
public final class EvalCommand {

  private EvalCommand() {}

  @Command(
      name = "dedup",
      mixinStandardHelpOptions = true,
      description = {
        "Near-duplicate clustering on CrisisLex T6 tweets: recall on manual retweets, precision by word overlap.",
        "Without --data, the two CrisisLex samples bundled with Vigie."
      })
  static final class Dedup extends VigieCommand {
    @Option(
        names = "--data",
        arity = "1..*",
        paramLabel = "CSV",
        description =
            "CrisisLex T6 CSV files (.csv or .csv.gz), e.g. the six events of the CrisisLex T6 collection.")
    List<Path> files = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
      out()
          .println(
              "| event | tweets | clustered | RT with original | recall | precision (proxy) |");
      out().println("|---|---:|---:|---:|---:|---:|");
      if (files.isEmpty()) {
        for (BundledDatasets.CrisisLexEvent event : BundledDatasets.crisisLex()) {
          report(event.name(), event.read());
        }
      } else {
        for (Path file : files) {
          try (InputStream raw = Files.newInputStream(file);
              InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
            report(
                file.getFileName().toString(),
                CrisisLexCsv.read(new InputStreamReader(in, StandardCharsets.UTF_8)));
          }
        }
      }
      return ExitCode.OK.code();
    }

    private void report(String name, CrisisLexCsv.Contents contents) {
      List<NearDuplicateEvaluation.Tweet> tweets =
          contents.rows().stream()
              .sorted(Comparator.comparingLong(row -> Long.parseLong(row.id())))
              .map(row -> new NearDuplicateEvaluation.Tweet(row.id(), row.text()))
              .toList();
      NearDuplicateEvaluation.Result r =
          new NearDuplicateEvaluation().evaluate(tweets, NearDuplicateClusters.defaults());
      out()
          .printf(
              Locale.ROOT,
              "| %s | %,d | %,d | %,d | %.1f%% (%d) | %.1f%% (%d of %d) |%n",
              name,
              r.tweets(),
              r.clusteredTweets(),
              r.retweetsWithOriginal(),
              100 * r.recall(),
              r.retweetsFound(),
              100 * r.precision(),
              r.confirmedMembers(),
              r.checkedMembers());
      out().flush();
    }
  }

  @Command(
      name = "enrichment",
      mixinStandardHelpOptions = true,
      description =
          "Sentiment (macro-F1, and each class's precision and recall) and language accuracy on UMSAB's French and English tweets; the validation split unless --split says otherwise (the data stays outside the repository).")
  static final class Enrichment extends VigieCommand {
    @Option(
        names = "--umsab",
        required = true,
        paramLabel = "DIR",
        description =
            "The umsab-sentiment folder: french/ and english/ with <split>_text.txt and <split>_labels.txt.")
    Path umsab;

    @Option(
        names = "--split",
        defaultValue = "val",
        paramLabel = "NAME",
        description =
            "The split to score (default: ${DEFAULT-VALUE}); train scores what the model learnt from.")
    String split;

    @Override
    public Integer call() throws Exception {
      TextAnalysis analysis = new TextAnalysis();
      SentimentEvaluation sentiment = new SentimentEvaluation(analysis);
      SentimentModel model = SentimentModel.bundled(analysis);
      LanguageIdentifier languages = LanguageIdentifier.european();
      out()
          .println(
              "| language | split | tweets | sentiment macro-F1 | negative P / R | neutral P / R | positive P / R | language detected right | undetermined |");
      out().println("|---|---|---:|---:|---:|---:|---:|---:|---:|");
      for (String[] language : new String[][] {{"french", "fr"}, {"english", "en"}}) {
        var tweets = SentimentEvaluation.read(umsab.resolve(language[0]), split);
        var score = sentiment.evaluate(tweets, language[1], model);
        int right = 0;
        int undetermined = 0;
        for (var example : tweets) {
          var detected = languages.detect(TextAnalysis.wordsOnly(example.text()));
          if (detected.isEmpty()) {
            undetermined++;
          } else if (detected.get().language().equals(language[1])) {
            right++;
          }
        }
        StringBuilder classes = new StringBuilder();
        for (var perClass : score.classes()) {
          classes.append(
              String.format(
                  Locale.ROOT,
                  " %s / %s |",
                  interval(perClass.precision()),
                  interval(perClass.recall())));
        }
        out()
            .printf(
                Locale.ROOT,
                "| %s | %s | %d | %s |%s %.1f%% | %.1f%% |%n",
                language[1],
                split,
                tweets.size(),
                interval(score.macroF1()),
                classes,
                100.0 * right / tweets.size(),
                100.0 * undetermined / tweets.size());
        out().flush();
      }
      out().println("Intervals: 95% bootstrap over the tweets (1,000 resamples).");
      return ExitCode.OK.code();
    }

    private static String interval(SentimentEvaluation.Interval figure) {
      return String.format(
          Locale.ROOT, "%.1f [%.1f, %.1f]", figure.value(), figure.low(), figure.high());
    }
  }

  @Command(
      name = "crisislex",
      mixinStandardHelpOptions = true,
      description = {
        "Crisis detection on CrisisLex T6 events with the vocabulary Vigie ships: latency from the first on-topic post to the first alert, false alerts per day on the off-topic posts alone, weak signals.",
        "Without --data, the two CrisisLex samples bundled with Vigie."
      })
  static final class CrisisLex extends VigieCommand {
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

    private void report(
        CrisisLexEvaluation evaluation, String name, CrisisLexCsv.Contents contents) {
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

  @Command(
      name = "scenarios",
      mixinStandardHelpOptions = true,
      description = {
        "Planted crisis, bad buzz and astroturf in three days of generated chatter (day 1 warms up, day 2 is background only, day 3 carries the episodes): detected or not, as which kind, how fast, and false alerts."
      })
  static final class Scenarios extends VigieCommand {
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

  @Command(
      name = "nab",
      mixinStandardHelpOptions = true,
      description = {
        "The volume-spike detector's own binary alerts on NAB count series, scored with NAB's standard profile (no threshold search).",
        "--data: a folder of <name>.csv files (timestamp,value) and NAB's anomaly_windows.json, e.g. NAB's realTweets files."
      })
  static final class Nab extends VigieCommand {
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
}
