package io.vigie.devtools.cli;

import io.vigie.app.cli.ExitCode;
import io.vigie.app.cli.VigieCommand;
import io.vigie.streams.enrich.LanguageIdentifier;
import io.vigie.streams.enrich.SentimentEvaluation;
import io.vigie.streams.enrich.SentimentModel;
import io.vigie.streams.enrich.TextAnalysis;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigie eval enrichment}: sentiment and language accuracy on UMSAB tweets. */
@Command(
    name = "enrichment",
    mixinStandardHelpOptions = true,
    description =
        "Sentiment (macro-F1, and each class's precision and recall) and language accuracy on UMSAB's French and English tweets; the validation split unless --split says otherwise (the data stays outside the repository).")
final class EvalEnrichmentCommand extends VigieCommand {
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
