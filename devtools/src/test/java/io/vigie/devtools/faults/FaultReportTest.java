package io.vigie.devtools.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaultReportTest {

  private static LedgerCheck.Outcome outcome(long lost, long duplicated, int alerted) {
    return new LedgerCheck.Outcome(1000, lost, duplicated, 4, 0, 0, 5, alerted, 0, -1, -1);
  }

  private static FaultReport.Row row(LedgerCheck.Outcome outcome, List<Duration> recoveries) {
    return new FaultReport.Row("kill", 2, outcome, recoveries, 9_500, "notes", true);
  }

  @Test
  void aScenarioWithNothingLostNothingTwiceAndEveryRecoveryTimedIsClean() {
    FaultReport report = new FaultReport();
    report.add(row(outcome(0, 0, 5), List.of(Duration.ofSeconds(30), Duration.ofSeconds(12))));

    assertThat(report.clean()).isTrue();
    assertThat(report.table())
        .contains("| kill | 2 | 1,000 | 0 | 0 | 4 / 0 | 5 / 5 | 0 | not indexed |")
        .contains("| 12.0 / 30.0 s | 9.5 s | notes |");
  }

  @Test
  void aLostPostADuplicateOrAMissedEpisodeMakesTheReportFail() {
    List<Duration> timed = List.of(Duration.ofSeconds(1), Duration.ofSeconds(1));
    assertThat(row(outcome(1, 0, 5), timed).clean()).isFalse();
    assertThat(row(outcome(0, 1, 5), timed).clean()).isFalse();
    assertThat(row(outcome(0, 0, 4), timed).clean()).isFalse();
  }

  @Test
  void aRunWithNothingAcknowledgedShowsNothingAndFails() {
    LedgerCheck.Outcome nothing = new LedgerCheck.Outcome(0, 0, 0, 0, 0, 0, 1, 1, 0, -1, -1);

    assertThat(row(nothing, List.of(Duration.ofSeconds(1), Duration.ofSeconds(1))).clean())
        .isFalse();
  }

  @Test
  void aFaultNeverRecoveredFromIsCountedAndFails() {
    FaultReport.Row row = row(outcome(0, 0, 5), List.of(Duration.ofSeconds(3)));

    assertThat(row.clean()).isFalse();
    assertThat(row.markdown()).contains("3.0 / 3.0 s (1 never)");
  }

  @Test
  void aFinalEpisodeThatNeverAlertedFails() {
    FaultReport.Row row =
        new FaultReport.Row("kill", 0, outcome(0, 0, 5), List.of(), -1, "notes", true);

    assertThat(row.clean()).isFalse();
    assertThat(row.markdown()).contains("| never |");
  }

  @Test
  void aScenarioThisMachineCannotRunSaysWhyWithoutFailing() {
    FaultReport.Row row = FaultReport.Row.notRun("full disk", "not run: cannot mount a tmpfs");

    assertThat(row.clean()).isTrue();
    assertThat(row.markdown())
        .startsWith("| full disk | 0 |")
        .endsWith("not run: cannot mount a tmpfs |");
  }
}
