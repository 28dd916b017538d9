package io.vigie.ops.cli;

import io.vigie.ingest.replay.CrisisLexCsv;
import io.vigie.ops.BundledDatasets;
import io.vigie.ops.Vigie;
import io.vigie.ops.eval.NearDuplicateEvaluation;
import io.vigie.streams.dedup.NearDuplicateClusters;
import io.vigie.streams.enrich.LanguageIdentifier;
import io.vigie.streams.enrich.SentimentEvaluation;
import io.vigie.streams.enrich.SentimentScorer;
import io.vigie.streams.enrich.TextAnalysis;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigie eval ...}: quality figures on labelled data, printed as Markdown. */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = "Measure detection and enrichment quality on labelled data.",
    subcommands = {EvalCommand.Dedup.class, EvalCommand.Enrichment.class})
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
            "CrisisLex T6 CSV files (.csv or .csv.gz), e.g. the six of ../shared/data/crisislex-t6.")
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
      return Vigie.OK;
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
          "Sentiment macro-F1 and language accuracy on UMSAB's French and English validation splits (the data stays outside the repository).")
  static final class Enrichment extends VigieCommand {
    @Option(
        names = "--umsab",
        required = true,
        paramLabel = "DIR",
        description =
            "The umsab-sentiment folder (french/ and english/ with train_* and val_* files).")
    Path umsab;

    @Override
    public Integer call() throws Exception {
      TextAnalysis analysis = new TextAnalysis();
      SentimentEvaluation sentiment = new SentimentEvaluation(analysis);
      SentimentScorer scorer = new SentimentScorer(analysis, SentimentScorer.tuned());
      LanguageIdentifier languages = LanguageIdentifier.european();
      out()
          .println(
              "| language | split | tweets | sentiment macro-F1 (95% bootstrap) | language detected right | undetermined |");
      out().println("|---|---|---:|---:|---:|---:|");
      for (String[] language : new String[][] {{"french", "fr"}, {"english", "en"}}) {
        var val = SentimentEvaluation.read(umsab.resolve(language[0]), "val");
        var score = sentiment.evaluate(val, language[1], scorer);
        int right = 0;
        int undetermined = 0;
        for (var example : val) {
          // UMSAB replaced links by a bare "http" and handles by "@user": drop the placeholders,
          // as the pipeline drops real links and mentions.
          String text = example.text().replaceAll("\\bhttp\\b", " ");
          var detected = languages.detect(TextAnalysis.wordsOnly(text));
          if (detected.isEmpty()) {
            undetermined++;
          } else if (detected.get().language().equals(language[1])) {
            right++;
          }
        }
        out()
            .printf(
                Locale.ROOT,
                "| %s | val | %d | %.1f [%.1f, %.1f] | %.1f%% | %.1f%% |%n",
                language[1],
                val.size(),
                score.macroF1(),
                score.low(),
                score.high(),
                100.0 * right / val.size(),
                100.0 * undetermined / val.size());
        out().flush();
      }
      return Vigie.OK;
    }
  }
}
