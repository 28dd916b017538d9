package io.vigie.streams.enrich;

import io.vigie.schema.SentimentLabel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * Scores a {@link SentimentModel} on a labelled split in the UMSAB layout ({@code <split>_text.txt}
 * and {@code <split>_labels.txt}, one tweet or label per line; 0 negative, 1 neutral, 2 positive):
 * macro-F1 and each class's precision and recall, each with a 95% bootstrap interval (1,000
 * resamples of the tweets, seeded). The data stays outside the repository: the path is an argument.
 */
public final class SentimentEvaluation {

  /** A labelled tweet. */
  public record Example(String text, SentimentLabel label) {}

  /** A figure (0-100) and its 95% bootstrap interval. */
  public record Interval(double value, double low, double high) {}

  /** One class's precision and recall. */
  public record PerClass(SentimentLabel label, Interval precision, Interval recall) {}

  /** Macro-F1 and the per-class figures on {@code examples} tweets. */
  public record Score(Interval macroF1, List<PerClass> classes, int examples) {}

  private static final SentimentLabel[] CLASSES = SentimentModel.CLASSES;
  private static final int RESAMPLES = 1_000;

  /**
   * UMSAB replaced every link by a bare {@code http}. A link is put back, so that the text reads as
   * a live post does: the link is no word, and counts as a link.
   */
  private static final Pattern UMSAB_LINK = Pattern.compile("(?<![\\w/])http(?![\\w:/])");

  private final TextAnalysis analysis;
  private final Entities entities = new Entities();

  public SentimentEvaluation(TextAnalysis analysis) {
    this.analysis = analysis;
  }

  /** The tweets of {@code split} ("train", "val", "test"...) in {@code languageDir}. */
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
      examples.add(
          new Example(UMSAB_LINK.matcher(texts.get(i)).replaceAll("https://t.co/link"), label));
    }
    return examples;
  }

  public Score evaluate(List<Example> examples, String language, SentimentModel model) {
    SentimentLabel[] actual = new SentimentLabel[examples.size()];
    SentimentLabel[] predicted = new SentimentLabel[examples.size()];
    for (int i = 0; i < examples.size(); i++) {
      String text = examples.get(i).text();
      actual[i] = examples.get(i).label();
      predicted[i] =
          model
              .classify(text, analysis.words(text), entities.find(text).emojis(), language)
              .label();
    }
    return score(actual, predicted);
  }

  /** The figures of {@code predicted} against {@code actual}. */
  static Score score(SentimentLabel[] actual, SentimentLabel[] predicted) {
    int[] all = new int[actual.length];
    Arrays.setAll(all, i -> i);
    Random random = new Random(42);
    double[][] resampled = new double[1 + 2 * CLASSES.length][RESAMPLES];
    for (int b = 0; b < RESAMPLES; b++) {
      int[] sample = new int[actual.length];
      for (int i = 0; i < sample.length; i++) {
        sample[i] = random.nextInt(actual.length);
      }
      double[] figures = figures(actual, predicted, sample);
      for (int f = 0; f < figures.length; f++) {
        resampled[f][b] = figures[f];
      }
    }
    double[] point = figures(actual, predicted, all);
    List<PerClass> classes = new ArrayList<>();
    for (int c = 0; c < CLASSES.length; c++) {
      classes.add(
          new PerClass(
              CLASSES[c],
              interval(point[1 + 2 * c], resampled[1 + 2 * c]),
              interval(point[2 + 2 * c], resampled[2 + 2 * c])));
    }
    return new Score(interval(point[0], resampled[0]), classes, actual.length);
  }

  /** Macro-F1 (0-1) of {@code predicted} against {@code actual}. */
  static double macroF1(SentimentLabel[] actual, SentimentLabel[] predicted) {
    int[] all = new int[actual.length];
    Arrays.setAll(all, i -> i);
    return figures(actual, predicted, all)[0];
  }

  private static Interval interval(double value, double[] resampled) {
    double[] sorted = resampled.clone();
    Arrays.sort(sorted);
    return new Interval(
        100 * value,
        100 * sorted[(int) (0.025 * RESAMPLES)],
        100 * sorted[(int) (0.975 * RESAMPLES) - 1]);
  }

  /**
   * Macro-F1, then each class's precision and recall (0-1, 0 when undefined), over the tweets at
   * {@code sample}.
   */
  private static double[] figures(
      SentimentLabel[] actual, SentimentLabel[] predicted, int[] sample) {
    double[] figures = new double[1 + 2 * CLASSES.length];
    double f1 = 0;
    for (int c = 0; c < CLASSES.length; c++) {
      int tp = 0;
      int fp = 0;
      int fn = 0;
      for (int i : sample) {
        boolean isClass = actual[i] == CLASSES[c];
        boolean guessed = predicted[i] == CLASSES[c];
        if (isClass && guessed) {
          tp++;
        } else if (guessed) {
          fp++;
        } else if (isClass) {
          fn++;
        }
      }
      f1 += tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
      figures[1 + 2 * c] = tp + fp == 0 ? 0 : (double) tp / (tp + fp);
      figures[2 + 2 * c] = tp + fn == 0 ? 0 : (double) tp / (tp + fn);
    }
    figures[0] = f1 / CLASSES.length;
    return figures;
  }
}
