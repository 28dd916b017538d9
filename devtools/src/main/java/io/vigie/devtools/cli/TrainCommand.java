package io.vigie.devtools.cli;

import io.vigie.app.cli.ExitCode;
import io.vigie.app.cli.VigieCommand;
import io.vigie.streams.enrich.SentimentEvaluation;
import io.vigie.streams.enrich.SentimentModel;
import io.vigie.streams.enrich.SentimentTrainer;
import io.vigie.streams.enrich.TextAnalysis;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigie train}: trains the models Vigie ships, from data outside the repository. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = "Train the models Vigie ships.",
    subcommands = {TrainCommand.Sentiment.class})
public final class TrainCommand {

  private TrainCommand() {}

  @Command(
      name = "sentiment",
      mixinStandardHelpOptions = true,
      description = {
        "Train the French and English sentiment classifiers on UMSAB's training tweets: settings chosen by 5-fold cross-validation on train, then one fit on all of train. The same data gives the same file, bit for bit.",
        "Validation and test tweets are never read: score them with vigie eval enrichment."
      })
  static final class Sentiment extends VigieCommand {
    @Option(
        names = "--umsab",
        required = true,
        paramLabel = "DIR",
        description =
            "The umsab-sentiment folder: french/ and english/ with train_text.txt and train_labels.txt.")
    Path umsab;

    @Option(
        names = "--output",
        paramLabel = "FILE",
        defaultValue = "sentiment-model.bin",
        description =
            "Where to write the model (default: ${DEFAULT-VALUE}). To ship it, copy it to streams/src/main/resources/io/vigie/streams/enrich/"
                + SentimentModel.RESOURCE
                + ".")
    Path output;

    @Option(
        names = "--folds",
        defaultValue = "5",
        description = "Cross-validation folds (default: ${DEFAULT-VALUE}).")
    int folds;

    @Override
    public Integer call() throws Exception {
      if (folds < 2) {
        err().println("--folds must be at least 2.");
        return ExitCode.USAGE.code();
      }
      SentimentTrainer trainer = new SentimentTrainer(new TextAnalysis());
      List<SentimentTrainer.Settings> grid = SentimentTrainer.grid();
      Map<String, SentimentModel.Classifier> classifiers = new LinkedHashMap<>();
      for (String[] language : new String[][] {{"french", "fr"}, {"english", "en"}}) {
        var train = SentimentEvaluation.read(umsab.resolve(language[0]), "train");
        out()
            .printf(
                "%s: %d training tweets, %d settings × %d folds...%n",
                language[0], train.size(), grid.size(), folds)
            .flush();
        var trials = trainer.search(train, language[1], grid, folds);
        var best = SentimentTrainer.best(trials);
        trials.stream()
            .sorted((a, b) -> Double.compare(b.macroF1(), a.macroF1()))
            .limit(5)
            .forEach(
                trial ->
                    out()
                        .printf(
                            Locale.ROOT,
                            "  cross-validated macro-F1 %.1f  %s%n",
                            trial.macroF1(),
                            trial.settings()));
        out().printf(Locale.ROOT, "  chosen: %s%n", best.settings()).flush();
        classifiers.put(language[1], trainer.train(train, language[1], best.settings()));
      }
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      SentimentModel.write(classifiers, bytes);
      Files.write(output, bytes.toByteArray());
      out()
          .printf(
              "Wrote %s (%.1f MB, SHA-256 %s)%n",
              output, bytes.size() / 1e6, sha256(bytes.toByteArray()));
      try (InputStream shipped =
          SentimentModel.class.getResourceAsStream(SentimentModel.RESOURCE)) {
        if (shipped != null) {
          boolean same = Arrays.equals(shipped.readAllBytes(), bytes.toByteArray());
          out()
              .println(
                  same
                      ? "Identical, bit for bit, to the model this build ships."
                      : "Differs from the model this build ships.");
        }
      }
      return ExitCode.OK.code();
    }

    private static String sha256(byte[] bytes) throws Exception {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
  }
}
