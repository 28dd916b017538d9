package io.vigie.streams.enrich;

import io.vigie.schema.SentimentLabel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Trains a {@link SentimentModel.Classifier}: multinomial logistic regression with L2, by AdaGrad
 * over the examples in a seeded order. Everything is single-threaded and uses {@link StrictMath},
 * so the same examples and settings give the same weights bit for bit, on any JVM.
 *
 * <p>Settings are chosen by stratified k-fold cross-validation on the training examples alone
 * ({@link #search}): validation tweets are for reporting, once.
 */
public final class SentimentTrainer {

  /** Features, L2 strength, passes over the examples, and AdaGrad's base rate. */
  public record Settings(SentimentFeatures.Settings features, double l2, int epochs, double rate) {
    public Settings {
      if (l2 < 0 || epochs < 1 || rate <= 0) {
        throw new IllegalArgumentException(
            "l2 ≥ 0, epochs ≥ 1 and rate > 0, not " + l2 + ", " + epochs + " and " + rate);
      }
    }

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "bits=%d chars=%d-%d pairs=%s l2=%s epochs=%d rate=%s",
          features.bits(),
          features.minChars(),
          features.maxChars(),
          features.wordPairs(),
          l2,
          epochs,
          rate);
    }
  }

  /** A setting's mean macro-F1 (0-100) over the folds. */
  public record Trial(Settings settings, double macroF1) {}

  private static final long SEED = 20_130_415L;

  private final TextAnalysis analysis;
  private final SentimentScorer lexicons;
  private final Entities entities = new Entities();

  public SentimentTrainer(TextAnalysis analysis) {
    this.analysis = analysis;
    this.lexicons = new SentimentScorer(analysis, SentimentScorer.tuned());
  }

  /** A classifier trained on every example with {@code settings}. */
  public SentimentModel.Classifier train(
      List<SentimentEvaluation.Example> examples, String language, Settings settings) {
    List<Sample> samples = samples(examples, language, settings.features());
    return new SentimentModel.Classifier(settings, fit(samples, settings));
  }

  /**
   * Every setting of {@code grid} with its mean macro-F1 over {@code folds} stratified folds of
   * {@code examples}, in grid order.
   */
  public List<Trial> search(
      List<SentimentEvaluation.Example> examples, String language, List<Settings> grid, int folds) {
    List<Trial> trials = new ArrayList<>();
    List<Sample> samples = null;
    SentimentFeatures.Settings extracted = null;
    for (Settings settings : grid) {
      if (!settings.features().equals(extracted)) {
        samples = samples(examples, language, settings.features());
        extracted = settings.features();
      }
      trials.add(new Trial(settings, crossValidate(samples, settings, folds)));
    }
    return trials;
  }

  /** The best trial; the first in grid order among equals, so that the choice is reproducible. */
  public static Trial best(List<Trial> trials) {
    Trial best = trials.get(0);
    for (Trial trial : trials) {
      if (trial.macroF1() > best.macroF1()) {
        best = trial;
      }
    }
    return best;
  }

  /**
   * The settings {@code vigie train sentiment} searches: character n-grams of 2 to 4 or 3 to 5
   * characters, with or without word pairs, two learning rates and three numbers of passes, at 2^16
   * slots and an L2 of 0.001. Larger hash spaces and n-grams from 1 character scored no better in
   * cross-validation, and cost more: a post's slots are read at random, so the weights should stay
   * small enough for the processor's caches.
   */
  public static List<Settings> grid() {
    List<Settings> grid = new ArrayList<>();
    for (int[] chars : new int[][] {{2, 4}, {3, 5}}) {
      for (boolean pairs : new boolean[] {false, true}) {
        for (double rate : new double[] {0.05, 0.1}) {
          for (int epochs : new int[] {3, 6, 12}) {
            grid.add(
                new Settings(
                    new SentimentFeatures.Settings(16, chars[0], chars[1], pairs),
                    0.001,
                    epochs,
                    rate));
          }
        }
      }
    }
    return grid;
  }

  private double crossValidate(List<Sample> samples, Settings settings, int folds) {
    int[] fold = folds(samples, folds);
    double sum = 0;
    for (int k = 0; k < folds; k++) {
      List<Sample> train = new ArrayList<>();
      List<Sample> held = new ArrayList<>();
      for (int i = 0; i < samples.size(); i++) {
        (fold[i] == k ? held : train).add(samples.get(i));
      }
      float[] weights = fit(train, settings);
      SentimentLabel[] predicted = new SentimentLabel[held.size()];
      SentimentLabel[] actual = new SentimentLabel[held.size()];
      for (int i = 0; i < held.size(); i++) {
        predicted[i] = SentimentModel.CLASSES[argmax(weights, held.get(i).x())];
        actual[i] = SentimentModel.CLASSES[held.get(i).label()];
      }
      sum += SentimentEvaluation.macroF1(actual, predicted);
    }
    return 100 * sum / folds;
  }

  /** Stratified: the n-th example of each class goes to fold n mod k, in file order. */
  private static int[] folds(List<Sample> samples, int folds) {
    int[] seen = new int[SentimentModel.CLASSES.length];
    int[] fold = new int[samples.size()];
    for (int i = 0; i < samples.size(); i++) {
      fold[i] = seen[samples.get(i).label()]++ % folds;
    }
    return fold;
  }

  private static int argmax(float[] weights, SentimentFeatures.Vector x) {
    double[] p = SentimentModel.probabilities(weights, x);
    int best = 0;
    for (int c = 1; c < p.length; c++) {
      if (p[c] > p[best]) {
        best = c;
      }
    }
    return best;
  }

  private static float[] fit(List<Sample> samples, Settings settings) {
    int classes = SentimentModel.CLASSES.length;
    float[] weights = new float[settings.features().dimensions() * classes];
    float[] squares = new float[weights.length];
    int[] order = new int[samples.size()];
    Arrays.setAll(order, i -> i);
    Random random = new Random(SEED);
    double l2 = settings.l2();
    double rate = settings.rate();
    for (int epoch = 0; epoch < settings.epochs(); epoch++) {
      for (int i = order.length - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int swap = order[i];
        order[i] = order[j];
        order[j] = swap;
      }
      for (int n : order) {
        Sample sample = samples.get(n);
        SentimentFeatures.Vector x = sample.x();
        double[] p = SentimentModel.probabilities(weights, x);
        for (int i = 0; i < x.size(); i++) {
          int base = x.index(i) * classes;
          float value = x.value(i);
          for (int c = 0; c < classes; c++) {
            int at = base + c;
            double gradient = (p[c] - (c == sample.label() ? 1 : 0)) * value + l2 * weights[at];
            squares[at] += (float) (gradient * gradient);
            weights[at] -= (float) (rate * gradient / (StrictMath.sqrt(squares[at]) + 1e-8));
          }
        }
      }
    }
    return weights;
  }

  private List<Sample> samples(
      List<SentimentEvaluation.Example> examples,
      String language,
      SentimentFeatures.Settings settings) {
    SentimentFeatures features = new SentimentFeatures(settings, lexicons);
    List<Sample> samples = new ArrayList<>(examples.size());
    for (SentimentEvaluation.Example example : examples) {
      SentimentFeatures.Vector x = new SentimentFeatures.Vector();
      String text = example.text();
      Entities.Found found = entities.find(text);
      features.extract(
          TextAnalysis.wordsOnly(text),
          !found.urls().isEmpty(),
          analysis.words(text),
          found.emojis(),
          language,
          x);
      samples.add(new Sample(x, Arrays.asList(SentimentModel.CLASSES).indexOf(example.label())));
    }
    return samples;
  }

  private record Sample(SentimentFeatures.Vector x, int label) {}
}
