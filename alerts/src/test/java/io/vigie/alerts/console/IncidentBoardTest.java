package io.vigie.alerts.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.schema.Alert;
import io.vigie.testkit.SampleFindings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IncidentBoardTest {

  private static Alert alert(String id, int version, Instant updatedAt) {
    return Alert.newBuilder(SampleFindings.alert())
        .setId(id)
        .setVersion(version)
        .setUpdatedAt(updatedAt)
        .build();
  }

  @Test
  void shouldKeepTheLatestVersionAndTellListenersOnlyOfNewerOnes() throws Exception {
    IncidentBoard board = new IncidentBoard();
    List<Alert> heard = new ArrayList<>();
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    try (AutoCloseable listening = board.listen(heard::add)) {
      board.accept(alert("a", 2, t.plusSeconds(2)));
      board.accept(alert("a", 1, t.plusSeconds(1)));
    }
    board.accept(alert("a", 3, t.plusSeconds(3)));

    assertThat(heard).extracting(Alert::getVersion).containsExactly(2);
    assertThat(board.current()).extracting(Alert::getVersion).containsExactly(3);
  }

  @Test
  void shouldForgetTheLeastRecentlyChangedIncidentsBeyondItsBound() {
    IncidentBoard board = new IncidentBoard();
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    for (int i = 0; i <= IncidentBoard.KEPT; i++) {
      board.accept(alert("inc-" + i, 1, t.plusSeconds(i)));
    }
    // An old incident updated now is recent again, and stays.
    board.accept(alert("inc-1", 2, t.plusSeconds(IncidentBoard.KEPT + 1)));
    board.accept(alert("inc-new", 1, t.plusSeconds(IncidentBoard.KEPT + 2)));

    assertThat(board.current().get(0).getId()).isEqualTo("inc-new");
    assertThat(board.current().get(1).getId()).isEqualTo("inc-1");
    assertThat(board.size()).isEqualTo(IncidentBoard.KEPT);
    assertThat(board.knows("inc-0")).isFalse();
    assertThat(board.knows("inc-2")).isFalse();
    assertThat(board.knows("inc-3")).isTrue();
  }
}
