package io.vigie.devtools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class LiveLoadResultTest {

  private static List<List<String>> samples(int rows) {
    List<List<String>> samples = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      samples.add(
          List.of(
              Integer.toString(i * 30),
              (1000 + i) + " MiB",
              "400 MiB",
              "650 MiB",
              "n/a",
              "900 MiB",
              (300 + i) + " MiB",
              Integer.toString(i * 10),
              "0"));
    }
    return samples;
  }

  private static LiveLoad.Result result(long[] searchable, int neverSearchable, long[] alerts) {
    return new LiveLoad.Result(
        1000,
        100,
        LongStream.rangeClosed(1, 100).toArray(),
        0,
        searchable,
        neverSearchable,
        alerts,
        Duration.ofMinutes(1),
        samples(60));
  }

  @Test
  void percentilesAreNearestRankAndEmptyIsNotAFigure() {
    long[] hundred = LongStream.rangeClosed(1, 100).toArray();
    assertThat(LiveLoad.percentile(hundred, 0.50)).isEqualTo(50);
    assertThat(LiveLoad.percentile(hundred, 0.99)).isEqualTo(99);
    assertThat(LiveLoad.percentile(new long[] {7}, 0.99)).isEqualTo(7);
    assertThat(LiveLoad.percentile(new long[0], 0.5)).isEqualTo(-1);
  }

  @Test
  void targetsAreMetOnlyWhenEveryPostAndEveryEpisodeArrivedInTime() {
    String met = result(new long[] {900, 1200, 2900}, 0, new long[] {20_000, 64_000}).latencyRows();
    assertThat(met)
        .contains(
            "| ingest → searchable in Elasticsearch | 1,200 ms | 2,900 ms | 3 | p99 <= 3 s: met |")
        .contains("| 20,000 ms | 64,000 ms | 2 | p99 <= 65 s: met |");

    String late = result(new long[] {900, 3100}, 0, new long[] {20_000, 66_000}).latencyRows();
    assertThat(late).contains("p99 <= 3 s: **missed**").contains("p99 <= 65 s: **missed**");

    // fast figures do not hide what never arrived
    String lost = result(new long[] {900}, 4, new long[] {20_000, -1}).latencyRows();
    assertThat(lost)
        .contains("1 (4 never arrived) | p99 <= 3 s: **missed**")
        .contains("1 (1 never arrived) | p99 <= 65 s: **missed**");
  }

  @Test
  void theMemoryTableKeepsADozenRowsWithTheFirstAndTheLast() {
    String table = result(new long[0], 0, new long[0]).memoryTable();
    List<String> rows = table.lines().skip(2).toList();
    assertThat(rows.size()).isBetween(10, 13);
    assertThat(rows.get(0)).startsWith("| 0 | 1000 MiB |");
    assertThat(rows.get(rows.size() - 1)).startsWith("| 1770 | 1059 MiB |");
  }

  @Test
  void thePlotDrawsOneLinePerSeriesAndSkipsUnknownValues() {
    String svg = result(new long[0], 0, new long[0]).plot();
    assertThat(svg).startsWith("<svg").endsWith("</svg>\n");
    assertThat(svg.split("<polyline", -1)).hasSize(9);
    assertThat(svg).contains("memory (MiB), max 1059").contains("lag (records), max 590");
    // broker heap was n/a in every row: its line has no points
    assertThat(svg).contains("points=\"\"");
  }

  @Test
  void thisProcessReportsItsResidentSetAndHeap() {
    long pid = ProcessHandle.current().pid();
    OptionalLong rss = ProcessMemory.rss(pid);
    assertThat(rss).isPresent();
    assertThat(rss.getAsLong()).isGreaterThan(10L * 1024 * 1024);
    assertThat(ProcessMemory.heapUsed(pid).orElse(0)).isPositive();
    assertThat(ProcessMemory.mib(OptionalLong.of(5L * 1024 * 1024))).isEqualTo("5 MiB");
    assertThat(ProcessMemory.mib(OptionalLong.empty())).isEqualTo("n/a");
    assertThat(ProcessMemory.rss(Long.MAX_VALUE)).isEmpty();
  }

  @Test
  void aProcessesOwnFigureLeavesOutTheServersItStarted() throws Exception {
    Process shell = new ProcessBuilder("bash", "-c", "sleep 60 & sleep 60 & wait").start();
    try {
      ProcessHandle parent = shell.toHandle();
      List<ProcessHandle> children = List.of();
      for (int i = 0; i < 100 && children.size() < 2; i++) {
        Thread.sleep(20);
        children = parent.children().toList();
      }
      assertThat(children).hasSize(2);
      long server = children.get(0).pid();
      long whole = ProcessMemory.rss(parent.pid()).orElseThrow();
      long apart = ProcessMemory.rss(parent.pid(), Set.of(server)).orElseThrow();
      long serverRss = ProcessMemory.rss(server).orElseThrow();
      assertThat(serverRss).isPositive();
      assertThat(apart).isEqualTo(whole - serverRss);
    } finally {
      shell.descendants().forEach(ProcessHandle::destroy);
      shell.destroy();
    }
  }
}
