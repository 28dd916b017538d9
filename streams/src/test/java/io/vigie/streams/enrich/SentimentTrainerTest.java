package io.vigie.streams.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The bundled model is what {@code vigie train sentiment} makes of UMSAB's training tweets (copied
 * in the test resources with their licence): retrained here with the settings it records, it comes
 * out identical, byte for byte.
 */
class SentimentTrainerTest {

  private static final TextAnalysis ANALYSIS = new TextAnalysis();
  private final SentimentTrainer trainer = new SentimentTrainer(ANALYSIS);

  private static Path umsab() throws URISyntaxException {
    return Path.of(SentimentTrainerTest.class.getResource("umsab/LICENSE").toURI()).getParent();
  }

  private static byte[] bundled() throws Exception {
    try (InputStream in = SentimentModel.class.getResourceAsStream(SentimentModel.RESOURCE)) {
      return in.readAllBytes();
    }
  }

  @Test
  void retrainsTheBundledModelBitForBitFromTheTrainingTweets() throws Exception {
    byte[] shipped = bundled();
    Map<String, SentimentModel.Classifier> recorded =
        SentimentModel.read(new java.io.ByteArrayInputStream(shipped));
    Map<String, SentimentModel.Classifier> retrained = new LinkedHashMap<>();
    for (String[] language : new String[][] {{"french", "fr"}, {"english", "en"}}) {
      var train = SentimentEvaluation.read(umsab().resolve(language[0]), "train");
      retrained.put(
          language[1], trainer.train(train, language[1], recorded.get(language[1]).settings()));
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    SentimentModel.write(retrained, bytes);

    assertThat(bytes.toByteArray()).isEqualTo(shipped);
  }

  @Test
  void choosesTheSameSettingsByCrossValidationEveryTime() throws Exception {
    var train = SentimentEvaluation.read(umsab().resolve("french"), "train").subList(0, 300);
    List<SentimentTrainer.Settings> grid = SentimentTrainer.grid().subList(0, 3);

    var first = trainer.search(train, "fr", grid, 3);
    var second = trainer.search(train, "fr", grid, 3);

    assertThat(second).isEqualTo(first);
    assertThat(first).extracting(SentimentTrainer.Trial::settings).isEqualTo(grid);
    assertThat(first).allSatisfy(trial -> assertThat(trial.macroF1()).isBetween(0.0, 100.0));
  }

  @Test
  void picksTheFirstOfEqualTrialsSoThatTiesDoNotDependOnSorting() {
    var grid = SentimentTrainer.grid();
    var trials =
        List.of(
            new SentimentTrainer.Trial(grid.get(0), 60),
            new SentimentTrainer.Trial(grid.get(1), 64),
            new SentimentTrainer.Trial(grid.get(2), 64));

    assertThat(SentimentTrainer.best(trials).settings()).isEqualTo(grid.get(1));
  }

  @Test
  void learnsMoreThanChanceOnHeldOutTweets() throws Exception {
    var train = SentimentEvaluation.read(umsab().resolve("english"), "train");
    var grid = List.of(SentimentTrainer.grid().get(0));

    var trial = trainer.search(train, "en", grid, 5).get(0);

    // Three balanced classes: chance is 33. Far above it, the features and the fit work.
    assertThat(trial.macroF1()).isGreaterThan(55);
  }

  @Test
  void refusesSettingsThatCannotTrain() {
    var features = new SentimentFeatures.Settings(16, 2, 4, false);

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new SentimentTrainer.Settings(features, 0.001, 0, 0.05))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("epochs");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new SentimentFeatures.Settings(30, 2, 4, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bits");
  }
}
