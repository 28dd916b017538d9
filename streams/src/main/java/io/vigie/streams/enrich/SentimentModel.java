package io.vigie.streams.enrich;

import io.vigie.schema.SentimentLabel;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Sentiment for French and English posts from a multinomial logistic regression per language over
 * {@link SentimentFeatures} (words, word pairs, character n-grams, emojis and the lexicons'
 * scores), trained by {@link SentimentTrainer} on UMSAB's training tweets ({@code vigie train
 * sentiment}). Posts in other languages, or whose language is unknown, keep the lexicon score of
 * {@link SentimentScorer}: they degrade to what the lexicons know.
 *
 * <p>The score is P(positive) − P(negative), from -1 to 1; the label is the likeliest class. A post
 * costs one feature extraction and three dot products over a few hundred slots. The model is
 * immutable and thread-safe; extraction buffers are per thread.
 */
public final class SentimentModel {

  /** The bundled model's resource, written by {@code vigie train sentiment}. */
  public static final String RESOURCE = "sentiment/model.bin";

  private static final int MAGIC = 0x56534d31; // "VSM1"
  static final SentimentLabel[] CLASSES = {
    SentimentLabel.NEGATIVE, SentimentLabel.NEUTRAL, SentimentLabel.POSITIVE
  };

  /**
   * One language's classifier: its features, the training settings that produced it (kept for
   * provenance), and {@code weights[slot * 3 + class]}.
   */
  public record Classifier(SentimentTrainer.Settings settings, float[] weights) {
    public Classifier {
      int expected = settings.features().dimensions() * CLASSES.length;
      if (weights.length != expected) {
        throw new IllegalArgumentException(
            weights.length + " weights for " + expected + " dimensions × classes");
      }
    }
  }

  /** Class probabilities (negative, neutral, positive), the label and the score. */
  public record Prediction(double[] probabilities, SentimentLabel label, double score) {}

  private final Map<String, Classifier> classifiers;
  private final Map<String, SentimentFeatures> features = new LinkedHashMap<>();
  private final SentimentScorer lexicons;
  private final ThreadLocal<SentimentFeatures.Vector> buffers =
      ThreadLocal.withInitial(SentimentFeatures.Vector::new);

  public SentimentModel(Map<String, Classifier> classifiers, SentimentScorer lexicons) {
    this.classifiers = Map.copyOf(classifiers);
    this.lexicons = lexicons;
    classifiers.forEach(
        (language, classifier) ->
            features.put(
                language, new SentimentFeatures(classifier.settings().features(), lexicons)));
  }

  /** The model Vigie ships, with the lexicons of {@code analysis}. */
  public static SentimentModel bundled(TextAnalysis analysis) {
    SentimentScorer lexicons = new SentimentScorer(analysis, SentimentScorer.tuned());
    try (InputStream in = SentimentModel.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("Missing resource " + RESOURCE);
      }
      return new SentimentModel(read(in), lexicons);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the bundled sentiment model", e);
    }
  }

  /** The languages with a trained classifier. */
  public Set<String> languages() {
    return classifiers.keySet();
  }

  /**
   * The sentiment of {@code text}, analysed into folded {@code words} and {@code emojis}, in {@code
   * language} (null: unknown).
   */
  public Prediction classify(
      String text, List<String> words, List<String> emojis, String language) {
    return classify(
        TextAnalysis.wordsOnly(text), TextAnalysis.hasLink(text), words, emojis, language);
  }

  /**
   * The same, from what the enricher has already: {@code plain}, the text without links and
   * mentions ({@link TextAnalysis#wordsOnly}), and whether it had a {@code link}.
   */
  public Prediction classify(
      String plain, boolean link, List<String> words, List<String> emojis, String language) {
    Classifier classifier = language == null ? null : classifiers.get(language);
    if (classifier == null) {
      SentimentScorer.Sentiment lexical = lexicons.scoreWords(words, language, emojis);
      return new Prediction(null, lexical.label(), lexical.score());
    }
    SentimentFeatures.Vector vector = buffers.get();
    features.get(language).extract(plain, link, words, emojis, language, vector);
    double[] probabilities = probabilities(classifier.weights(), vector);
    int best = 0;
    for (int c = 1; c < CLASSES.length; c++) {
      if (probabilities[c] > probabilities[best]) {
        best = c;
      }
    }
    return new Prediction(probabilities, CLASSES[best], probabilities[2] - probabilities[0]);
  }

  /** Softmax of the three classes' scores; {@link StrictMath} so that training is reproducible. */
  static double[] probabilities(float[] weights, SentimentFeatures.Vector x) {
    double[] z = new double[CLASSES.length];
    for (int i = 0; i < x.size(); i++) {
      int base = x.index(i) * CLASSES.length;
      float value = x.value(i);
      for (int c = 0; c < CLASSES.length; c++) {
        z[c] += weights[base + c] * value;
      }
    }
    double max = Math.max(z[0], Math.max(z[1], z[2]));
    double sum = 0;
    for (int c = 0; c < z.length; c++) {
      z[c] = StrictMath.exp(z[c] - max);
      sum += z[c];
    }
    for (int c = 0; c < z.length; c++) {
      z[c] /= sum;
    }
    return z;
  }

  /** Writes {@code classifiers} in the format {@link #read} reads, byte for byte reproducible. */
  public static void write(Map<String, Classifier> classifiers, OutputStream target)
      throws IOException {
    DataOutputStream out = new DataOutputStream(new BufferedOutputStream(target));
    out.writeInt(MAGIC);
    out.writeInt(classifiers.size());
    for (String language : new TreeSet<>(classifiers.keySet())) {
      Classifier classifier = classifiers.get(language);
      SentimentTrainer.Settings settings = classifier.settings();
      out.writeUTF(language);
      out.writeInt(settings.features().bits());
      out.writeInt(settings.features().minChars());
      out.writeInt(settings.features().maxChars());
      out.writeBoolean(settings.features().wordPairs());
      out.writeDouble(settings.l2());
      out.writeInt(settings.epochs());
      out.writeDouble(settings.rate());
      for (float weight : classifier.weights()) {
        out.writeFloat(weight);
      }
    }
    out.flush();
  }

  /** Reads what {@link #write} wrote. */
  public static Map<String, Classifier> read(InputStream source) throws IOException {
    DataInputStream in = new DataInputStream(new BufferedInputStream(source, 1 << 16));
    if (in.readInt() != MAGIC) {
      throw new IOException("Not a Vigie sentiment model");
    }
    int count = in.readInt();
    Map<String, Classifier> classifiers = new LinkedHashMap<>();
    for (int k = 0; k < count; k++) {
      String language = in.readUTF();
      SentimentFeatures.Settings features =
          new SentimentFeatures.Settings(
              in.readInt(), in.readInt(), in.readInt(), in.readBoolean());
      SentimentTrainer.Settings settings =
          new SentimentTrainer.Settings(features, in.readDouble(), in.readInt(), in.readDouble());
      float[] weights = new float[features.dimensions() * CLASSES.length];
      for (int i = 0; i < weights.length; i++) {
        weights[i] = in.readFloat();
      }
      classifiers.put(language, new Classifier(settings, weights));
    }
    return classifiers;
  }
}
