package io.vigie.streams.enrich;

import io.vigie.schema.SentimentLabel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Macro-F1 of {@link SentimentScorer} on a labelled split in the UMSAB layout ({@code
 * <split>_text.txt} and {@code <split>_labels.txt}, one tweet or label per line; 0 negative, 1
 * neutral, 2 positive), with a 95% bootstrap interval, and a grid search of the weights on a
 * training split. The data stays outside the repository: the path is an argument.
 */
public final class SentimentEvaluation {

  /** A labelled tweet. */
  public record Example(String text, SentimentLabel label) {}

  /** Macro-F1 (0-100) and its 95% bootstrap interval. */
  public record Score(double macroF1, double low, double high, int examples) {}

  private final TextAnalysis analysis;
  private final Entities entities = new Entities();

  public SentimentEvaluation(TextAnalysis analysis) {
    this.analysis = analysis;
  }

  public static List<Example> read(Path languageDir, String split) throws IOException {
    List<String> texts =
        Files.readAllLines(languageDir.resolve(split + "_text.txt"), StandardCharsets.UTF_8);
    List<String> labels =
        Files.readAllLines(languageDir.resolve(split + "_labels.txt"), StandardCharsets.UTF_8);
    if (texts.size() != labels.size()) {
      throw new IOException(
          languageDir + ": " + texts.size() + " texts but " + labels.size() + " labels");
    }
    List<Example> examples = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      SentimentLabel label =
          switch (labels.get(i).strip()) {
            case "0" -> SentimentLabel.NEGATIVE;
            case "1" -> SentimentLabel.NEUTRAL;
            case "2" -> SentimentLabel.POSITIVE;
            default ->
                throw new IOException(
                    languageDir + " line " + (i + 1) + ": label " + labels.get(i) + " not 0/1/2");
          };
      examples.add(new Example(texts.get(i), label));
    }
    return examples;
  }

  public Score evaluate(List<Example> examples, String language, SentimentScorer.Weights weights) {
    return evaluate(examples, language, new SentimentScorer(analysis, weights));
  }

  public Score evaluate(List<Example> examples, String language, SentimentScorer scorer) {
    SentimentLabel[] predicted = new SentimentLabel[examples.size()];
    for (int i = 0; i < examples.size(); i++) {
      String text = examples.get(i).text();
      predicted[i] = scorer.score(text, language, entities.find(text).emojis()).label();
    }
    double f1 = macroF1(examples, predicted, null);
    Random random = new Random(42);
    double[] resampled = new double[1000];
    for (int b = 0; b < resampled.length; b++) {
      int[] sample = new int[examples.size()];
      for (int i = 0; i < sample.length; i++) {
        sample[i] = random.nextInt(examples.size());
      }
      resampled[b] = macroF1(examples, predicted, sample);
    }
    java.util.Arrays.sort(resampled);
    return new Score(100 * f1, 100 * resampled[25], 100 * resampled[974], examples.size());
  }

  /**
   * Valences for the words of a training split that AFINN lacks: a word seen at least {@code
   * minCount} times whose share of positive minus negative examples, {@code (pos - neg) / (n + 2)},
   * is at least {@code minPolarity} either way gets {@code 4 x} that share (AFINN's scale). Words
   * that lean neutral get nothing.
   */
  public java.util.Map<String, Double> derive(
      List<Example> train, String language, int minCount, double minPolarity) {
    java.util.Map<String, int[]> counts = new java.util.HashMap<>();
    for (Example example : train) {
      for (String word : new java.util.HashSet<>(analysis.words(example.text()))) {
        int[] c = counts.computeIfAbsent(word, w -> new int[3]);
        c[example.label().ordinal() - 1]++; // NEGATIVE=1, NEUTRAL=2, POSITIVE=3 in SentimentLabel
      }
    }
    SentimentScorer plain =
        new SentimentScorer(analysis, java.util.Map.of("", SentimentScorer.tuned().get("")), false);
    java.util.Map<String, Double> derived = new java.util.TreeMap<>();
    counts.forEach(
        (word, c) -> {
          int n = c[0] + c[1] + c[2];
          double polarity = (c[2] - c[0]) / (n + 2.0);
          if (n >= minCount
              && Math.abs(polarity) >= minPolarity
              && word.chars().allMatch(Character::isLetter)
              && plain.valence(word, language) == null) {
            derived.put(word, Math.round(40 * polarity) / 10.0);
          }
        });
    return derived;
  }

  /** The weights with the best macro-F1 on {@code examples}, from a small grid. */
  public SentimentScorer.Weights tune(List<Example> examples, String language) {
    SentimentScorer.Weights best = null;
    double bestF1 = -1;
    for (double negation : new double[] {0.3, 0.6, 1.0}) {
      for (double emoji : new double[] {1, 3, 5}) {
        for (double threshold : new double[] {0.05, 0.1, 0.2, 0.3, 0.4}) {
          SentimentScorer.Weights weights =
              new SentimentScorer.Weights(negation, 1.3, 0.7, emoji, threshold);
          double f1 = evaluate(examples, language, weights).macroF1();
          if (f1 > bestF1) {
            bestF1 = f1;
            best = weights;
          }
        }
      }
    }
    return best;
  }

  private static double macroF1(List<Example> examples, SentimentLabel[] predicted, int[] sample) {
    SentimentLabel[] classes = {
      SentimentLabel.NEGATIVE, SentimentLabel.NEUTRAL, SentimentLabel.POSITIVE
    };
    double sum = 0;
    for (SentimentLabel c : classes) {
      int tp = 0;
      int fp = 0;
      int fn = 0;
      int n = sample == null ? examples.size() : sample.length;
      for (int k = 0; k < n; k++) {
        int i = sample == null ? k : sample[k];
        boolean actual = examples.get(i).label() == c;
        boolean guessed = predicted[i] == c;
        if (actual && guessed) {
          tp++;
        } else if (guessed) {
          fp++;
        } else if (actual) {
          fn++;
        }
      }
      sum += tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
    }
    return sum / classes.length;
  }

  /**
   * {@code SentimentEvaluation derive <umsab dir> <resource dir>}: writes each language's
   * adjustments from its training split. {@code SentimentEvaluation evaluate <umsab dir>}: tunes
   * the weights on each training split and scores the validation splits.
   */
  public static void main(String[] args) throws IOException {
    Path data = Path.of(args[1]);
    SentimentEvaluation evaluation = new SentimentEvaluation(new TextAnalysis());
    for (String[] language : new String[][] {{"french", "fr"}, {"english", "en"}}) {
      List<Example> train = read(data.resolve(language[0]), "train");
      List<Example> val = read(data.resolve(language[0]), "val");
      if (args[0].equals("derive")) {
        int minCount = args.length > 3 ? Integer.parseInt(args[3]) : 4;
        double minPolarity = args.length > 4 ? Double.parseDouble(args[4]) : 0.4;
        var derived = evaluation.derive(train, language[1], minCount, minPolarity);
        Path out = Path.of(args[2]).resolve("adjustments-" + language[1] + ".json");
        new com.fasterxml.jackson.databind.ObjectMapper()
            .writerWithDefaultPrettyPrinter()
            .writeValue(out.toFile(), derived);
        System.out.printf("%s: %d words written to %s%n", language[0], derived.size(), out);
        continue;
      }
      SentimentScorer.Weights tuned = evaluation.tune(train, language[1]);
      System.out.printf(
          "%s: tuned %s; train %s; val with tuned %s; val with defaults %s%n",
          language[0],
          tuned,
          evaluation.evaluate(train, language[1], tuned),
          evaluation.evaluate(val, language[1], tuned),
          evaluation.evaluate(
              val, language[1], new SentimentScorer(evaluation.analysis, SentimentScorer.tuned())));
    }
  }
}
