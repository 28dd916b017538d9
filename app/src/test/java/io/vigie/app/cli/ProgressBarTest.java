package io.vigie.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void aTallyShowsTheShareDoneAndTheTimeLeftAtItsRate() {
    ProgressBar.Tally tally = new ProgressBar.Tally(1_000, 0);
    tally.observe(200, SECOND);
    tally.observe(400, 2 * SECOND);

    assertThat(tally.share()).isEqualTo(0.4);
    assertThat(tally.eta()).contains(Duration.ofSeconds(3));
    assertThat(tally.render("posts", "x"))
        .startsWith("[############------------------]  40%  400/1,000 posts  200/s  ETA 0:03  x");
  }

  @Test
  void aCountBeyondTheTotalOrBackwardsMovesNothing() {
    ProgressBar.Tally tally = new ProgressBar.Tally(100, 0);
    tally.observe(60, SECOND);
    tally.observe(50, 2 * SECOND);
    assertThat(tally.share()).isEqualTo(0.6);

    tally.observe(130, 3 * SECOND);
    assertThat(tally.share()).isEqualTo(1.0);
  }

  @Test
  void aTotalThatGrowsMovesTheShareBack() {
    ProgressBar.Tally tally = new ProgressBar.Tally(0, 0);
    tally.observe(50, 100, SECOND);
    assertThat(tally.share()).isEqualTo(0.5);

    tally.observe(100, 400, 2 * SECOND);

    assertThat(tally.share()).isEqualTo(0.25);
    assertThat(tally.render("observations", "")).contains("100/400 observations");
  }

  @Test
  void finishingCompletesTheBarWhateverWasCounted() {
    ProgressBar.Tally tally = new ProgressBar.Tally(100, 0);
    tally.observe(97, SECOND);

    tally.finish();

    assertThat(tally.share()).isEqualTo(1.0);
    assertThat(ProgressBar.bar(tally.share())).isEqualTo("[" + "#".repeat(30) + "]");
  }

  @Test
  void nothingYetToCountIsNotDone() {
    ProgressBar.Tally tally = new ProgressBar.Tally(0, 0);
    tally.observe(0, 0, SECOND);

    assertThat(tally.share()).isZero();
    tally.finish();
    assertThat(tally.share()).isEqualTo(1.0);
  }

  @Test
  void noRateYetMeansNoTimeLeft() {
    ProgressBar.Tally tally = new ProgressBar.Tally(100, 0);

    assertThat(tally.eta()).isEmpty();
    assertThat(tally.render("posts", "")).contains("ETA --:--");
  }
}
