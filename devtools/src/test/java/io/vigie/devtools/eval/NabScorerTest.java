package io.vigie.devtools.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class NabScorerTest {

  private static final NabScorer.Profile STANDARD = NabScorer.Profile.STANDARD;
  private final List<NabScorer.Window> windows =
      List.of(new NabScorer.Window(300, 399), new NabScorer.Window(600, 699));

  private static boolean[] alertsAt(int... rows) {
    boolean[] alerts = new boolean[1000];
    for (int row : rows) {
      alerts[row] = true;
    }
    return alerts;
  }

  @Test
  void aDetectionAtEachLeftEdgeIsPerfect() {
    NabScorer.FileScore score = NabScorer.score(alertsAt(300, 600), windows, STANDARD);

    assertThat(score.raw()).isCloseTo(2.0, Offset.offset(1e-9));
    assertThat(NabScorer.normalised(List.of(score))).isCloseTo(100, Offset.offset(1e-9));
  }

  @Test
  void missingEverythingScoresZeroAndLateDetectionsEarnLess() {
    NabScorer.FileScore none = NabScorer.score(alertsAt(), windows, STANDARD);
    NabScorer.FileScore late = NabScorer.score(alertsAt(390, 690), windows, STANDARD);

    assertThat(NabScorer.normalised(List.of(none))).isCloseTo(0, Offset.offset(1e-9));
    assertThat(late.raw()).isBetween(0.0, 0.5);
    assertThat(late.windowsHit()).isEqualTo(2);
  }

  @Test
  void falseAlertsCostMoreFarFromAWindowAndNothingInTheProbation() {
    NabScorer.FileScore probation = NabScorer.score(alertsAt(300, 600, 10), windows, STANDARD);
    NabScorer.FileScore beforeAll = NabScorer.score(alertsAt(300, 600, 200), windows, STANDARD);
    NabScorer.FileScore justAfter = NabScorer.score(alertsAt(300, 600, 401), windows, STANDARD);
    NabScorer.FileScore farAfter = NabScorer.score(alertsAt(300, 600, 590), windows, STANDARD);

    assertThat(probation.raw()).isCloseTo(2.0, Offset.offset(1e-9));
    assertThat(beforeAll.raw()).isCloseTo(2.0 - 0.11, Offset.offset(1e-9));
    assertThat(justAfter.raw()).isGreaterThan(farAfter.raw());
    assertThat(farAfter.falseAlerts()).isEqualTo(1);
  }
}
