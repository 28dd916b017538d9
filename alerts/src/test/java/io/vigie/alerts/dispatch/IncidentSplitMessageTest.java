package io.vigie.alerts.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.schema.Alert;
import io.vigie.schema.Evidence;
import io.vigie.schema.SamplePost;
import io.vigie.schema.Signal;
import io.vigie.schema.SignalKind;
import io.vigie.schema.SignalPhase;
import io.vigie.streams.detect.DetectionSettings;
import io.vigie.streams.detect.IncidentAssembler;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How the split that detection's {@link IncidentAssembler} writes on an incident reads in a page.
 */
class IncidentSplitMessageTest {

  private static final Instant T0 = Instant.parse("2026-03-02T12:00:00Z");
  private static final long MINUTE = 60_000;

  private final IncidentAssembler assembler =
      new IncidentAssembler(DetectionSettings.defaults().incidents());

  /** A coordination signal on cluster c1 whose evidence counts 25 posts, none flagged copies. */
  private static Signal coordination() {
    return Signal.newBuilder()
        .setId("coordination:60s:cluster:c1@" + T0)
        .setKind(SignalKind.COORDINATION)
        .setSubjectKey("cluster:c1")
        .setWindowStart(T0)
        .setWindowEnd(T0.plusMillis(MINUTE))
        .setObserved(25)
        .setExpected(0.5)
        .setScore(6)
        .setDetectedAt(T0)
        .setPhase(SignalPhase.OPENED)
        .setFirstPostAt(T0)
        .setHorizonMs(MINUTE)
        .setEvidence(
            Evidence.newBuilder()
                .setTopTerms(List.of("storm"))
                .setSamplePosts(
                    List.of(
                        SamplePost.newBuilder()
                            .setKey("test:cluster:c1")
                            .setTextExcerpt("text of cluster:c1")
                            .setCreatedAt(T0)
                            .build()))
                .setClusterIds(List.of("c1"))
                .setDetails(Map.of("posts", "25", "coordinated_posts", "0", "organic_posts", "25"))
                .build())
        .build();
  }

  @Test
  void theSplitReadsInEnglishAndFrenchMessages() {
    Alert alert = assembler.onSignal(coordination(), T0.toEpochMilli()).get(0);

    assertThat(AlertMessage.of(alert, PagingPolicy.Reason.OPENED, "en").figures())
        .endsWith("25 posts in all: 0 organic, 25 coordinated copies (100%).");
    assertThat(AlertMessage.of(alert, PagingPolicy.Reason.OPENED, "fr").figures())
        .endsWith("25 messages en tout : 0 organiques, 25 copies coordonnées (100 %).");
  }
}
