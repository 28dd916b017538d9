package io.vigie.streams.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigie.schema.SentimentLabel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SentimentEvaluationTest {

  @TempDir Path dir;

  @Test
  void readsAnyNamedSplitAndPutsUmsabsLinkPlaceholderBackAsALink() throws IOException {
    Files.writeString(dir.resolve("test_text.txt"), "Terrible http\nhttp://t.co/x ok\nfine\n");
    Files.writeString(dir.resolve("test_labels.txt"), "0\n1\n2\n");

    var examples = SentimentEvaluation.read(dir, "test");

    assertThat(examples)
        .extracting(SentimentEvaluation.Example::text)
        .containsExactly("Terrible https://t.co/link", "http://t.co/x ok", "fine");
    assertThat(examples)
        .extracting(SentimentEvaluation.Example::label)
        .containsExactly(SentimentLabel.NEGATIVE, SentimentLabel.NEUTRAL, SentimentLabel.POSITIVE);
  }

  @Test
  void refusesALabelOutsideTheThreeClasses() throws IOException {
    Files.writeString(dir.resolve("val_text.txt"), "a\nb\n");
    Files.writeString(dir.resolve("val_labels.txt"), "0\n3\n");

    assertThatThrownBy(() -> SentimentEvaluation.read(dir, "val"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("line 2");
  }

  @Test
  void givesEachClassItsPrecisionAndRecall() {
    SentimentLabel n = SentimentLabel.NEGATIVE;
    SentimentLabel u = SentimentLabel.NEUTRAL;
    SentimentLabel p = SentimentLabel.POSITIVE;
    // Negative: 2 of 3 found, 2 of 2 right. Neutral: 1 of 1 found, 1 of 3 right. Positive: 1 of 2.
    SentimentLabel[] actual = {n, n, n, u, p, p};
    SentimentLabel[] predicted = {n, n, u, u, p, u};

    var score = SentimentEvaluation.score(actual, predicted);

    var negative = score.classes().get(0);
    var neutral = score.classes().get(1);
    var positive = score.classes().get(2);
    assertThat(negative.precision().value()).isEqualTo(100.0);
    assertThat(negative.recall().value())
        .isCloseTo(66.67, org.assertj.core.data.Offset.offset(0.01));
    assertThat(neutral.precision().value())
        .isCloseTo(33.33, org.assertj.core.data.Offset.offset(0.01));
    assertThat(neutral.recall().value()).isEqualTo(100.0);
    assertThat(positive.precision().value()).isEqualTo(100.0);
    assertThat(positive.recall().value()).isEqualTo(50.0);
    // F1: negative 0.8, neutral 0.5, positive 2/3.
    assertThat(score.macroF1().value())
        .isCloseTo(100 * (0.8 + 0.5 + 2 / 3.0) / 3, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(score.macroF1().low()).isLessThanOrEqualTo(score.macroF1().value());
    assertThat(score.macroF1().high()).isGreaterThanOrEqualTo(score.macroF1().value());
  }

  @Test
  void scoresTheBundledModelOnLabelledTweets() {
    TextAnalysis analysis = new TextAnalysis();
    var examples =
        List.of(
            new SentimentEvaluation.Example(
                "Je déteste ce service, honteux", SentimentLabel.NEGATIVE),
            new SentimentEvaluation.Example("J'adore, merci beaucoup !", SentimentLabel.POSITIVE));

    var score =
        new SentimentEvaluation(analysis)
            .evaluate(examples, "fr", SentimentModel.bundled(analysis));

    assertThat(score.examples()).isEqualTo(2);
    assertThat(score.classes()).hasSize(3);
  }
}
