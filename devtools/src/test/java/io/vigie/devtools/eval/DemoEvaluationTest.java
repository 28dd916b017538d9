package io.vigie.devtools.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.app.backtest.HistoryBacktest;
import io.vigie.devtools.DemoWatchRules;
import io.vigie.streams.detect.DetectionSettings;
import io.vigie.streams.enrich.PostEnricher;
import io.vigie.streams.watch.WatchRuleSet;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo's bundled samples and watch rules through the backtest's detectors, no servers: the
 * incidents that page are the crises, each its own, and chatter never pages.
 */
class DemoEvaluationTest {

  private static DemoEvaluation.Result result;

  @BeforeAll
  static void runTheDemoSamples() throws Exception {
    PostEnricher enricher = PostEnricher.defaults();
    result =
        new DemoEvaluation(
                new HistoryBacktest(
                    DetectionSettings.defaults(),
                    enricher,
                    WatchRuleSet.of(
                        DemoWatchRules.rules(Instant.EPOCH), enricher.analysis()::fold)))
            .run();
  }

  @Test
  void bostonPagesWithinTwoMinutesOfItsFirstOnTopicPost() {
    assertThat(result.targets().get(0).name()).startsWith("Boston paged");
    assertThat(result.targets().get(0).met()).as(result.targets().get(0).detail()).isTrue();
  }

  @Test
  void westTexasOpensAnIncidentOfItsOwnThatPagesWithinHalfAnHour() {
    assertThat(result.targets().get(1).name()).startsWith("West Texas opens its own incident");
    assertThat(result.targets().get(1).met()).as(result.targets().get(1).detail()).isTrue();
  }

  @Test
  void noIncidentPagesOnAllPostsAloneOrOnMostlyOffTopicPosts() {
    assertThat(result.targets().get(2).met()).as(result.targets().get(2).detail()).isTrue();
    assertThat(result.incidents())
        .filteredOn(DemoEvaluation.Judged::pages)
        .isNotEmpty()
        .allSatisfy(
            incident -> {
              assertThat(incident.subjects()).isNotEqualTo(java.util.List.of("global"));
              assertThat(incident.mostlyOnTopic()).as(incident.title()).isTrue();
            });
  }

  @Test
  void theFirstOnTopicPostsComeFromTheLabelsNotFromTheDetector() {
    assertThat(result.targets().get(0).name()).contains("2013-04-15T18:55:08.383Z");
    assertThat(result.targets().get(1).name()).contains("2013-04-18T00:59:04.380Z");
  }
}
