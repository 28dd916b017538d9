package io.vigie.streams.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigie.schema.SentimentLabel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SentimentModelTest {

  private static final TextAnalysis ANALYSIS = new TextAnalysis();
  private static final SentimentModel MODEL = SentimentModel.bundled(ANALYSIS);
  private static final Entities ENTITIES = new Entities();

  private static SentimentModel.Prediction classify(String text, String language) {
    return MODEL.classify(text, ANALYSIS.words(text), ENTITIES.find(text).emojis(), language);
  }

  @Test
  void shipsAClassifierForFrenchAndEnglish() {
    assertThat(MODEL.languages()).containsExactlyInAnyOrder("fr", "en");
  }

  @Test
  void readsAnAngryCustomerAsNegativeAndAThankfulOneAsPositiveInBothLanguages() {
    assertThat(classify("Service client nul, vendeur odieux, je suis vraiment déçu", "fr").label())
        .isEqualTo(SentimentLabel.NEGATIVE);
    assertThat(classify("Merci pour ce super accueil, l'équipe est géniale ! 😍", "fr").label())
        .isEqualTo(SentimentLabel.POSITIVE);
    assertThat(
            classify("Worst customer service ever, the clerk was so rude. Never again", "en")
                .label())
        .isEqualTo(SentimentLabel.NEGATIVE);
    assertThat(classify("Thank you so much, the staff were amazing! Love this place", "en").label())
        .isEqualTo(SentimentLabel.POSITIVE);
  }

  @Test
  void scoresThePositiveClassMinusTheNegativeOne() {
    SentimentModel.Prediction prediction = classify("Le pire service de ma vie, honteux", "fr");

    double[] p = prediction.probabilities();
    assertThat(p[0] + p[1] + p[2]).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(prediction.score()).isEqualTo(p[2] - p[0]);
    assertThat(prediction.score()).isNegative();
  }

  @Test
  void fallsBackToTheLexiconsForOtherLanguagesAndUnknownOnes() {
    SentimentModel.Prediction german = classify("Das ist wirklich schlecht und traurig", "de");
    SentimentModel.Prediction unknown = classify("horrible", null);

    assertThat(german.probabilities()).isNull();
    assertThat(german.label()).isEqualTo(SentimentLabel.NEGATIVE);
    assertThat(unknown.probabilities()).isNull();
    assertThat(unknown.label()).isEqualTo(SentimentLabel.NEGATIVE);
  }

  @Test
  void writesAndReadsAModelUnchanged() throws IOException {
    SentimentTrainer.Settings settings =
        new SentimentTrainer.Settings(new SentimentFeatures.Settings(10, 2, 3, true), 0.01, 2, 0.1);
    float[] weights = new float[settings.features().dimensions() * 3];
    for (int i = 0; i < weights.length; i++) {
      weights[i] = i * 0.5f - 7;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    SentimentModel.write(Map.of("fr", new SentimentModel.Classifier(settings, weights)), bytes);

    var read = SentimentModel.read(new ByteArrayInputStream(bytes.toByteArray()));

    assertThat(read).containsOnlyKeys("fr");
    assertThat(read.get("fr").settings()).isEqualTo(settings);
    assertThat(read.get("fr").weights()).containsExactly(weights);
  }

  @Test
  void refusesAFileThatIsNoModel() {
    assertThatThrownBy(
            () -> SentimentModel.read(new ByteArrayInputStream("not a model".getBytes())))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("Not a Vigie sentiment model");
  }

  @Test
  void refusesWeightsThatDoNotFitTheFeatures() {
    SentimentTrainer.Settings settings =
        new SentimentTrainer.Settings(new SentimentFeatures.Settings(10, 2, 3, true), 0.01, 2, 0.1);

    assertThatThrownBy(() -> new SentimentModel.Classifier(settings, new float[7]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void keepsNoStateBetweenPostsOnAThread() {
    String text = "Quelle honte, remboursez-moi";
    SentimentModel.Prediction first = classify(text, "fr");
    classify("Trop bien, j'adore ce magasin, merci ! 😍 😍", "fr");

    assertThat(classify(text, "fr").probabilities()).containsExactly(first.probabilities());
  }

  @Test
  void isTheSameOnEveryThread() throws Exception {
    List<String> texts =
        List.of("Je suis déçu", "I am happy", "Rien à signaler", "Terrible news from Boston");
    var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      var futures =
          texts.stream()
              .map(
                  t ->
                      pool.submit(
                          () -> classify(t, t.startsWith("I") || t.startsWith("T") ? "en" : "fr")))
              .toList();
      for (int i = 0; i < texts.size(); i++) {
        String t = texts.get(i);
        assertThat(futures.get(i).get().probabilities())
            .containsExactly(
                classify(t, t.startsWith("I") || t.startsWith("T") ? "en" : "fr").probabilities());
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
