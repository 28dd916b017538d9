package io.vigie.ops.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.ops.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault-injection suite as CI can afford it, on its own fresh broker and Elasticsearch node:
 * two kills of a Streams instance, a frozen zombie, the broker killed and restarted, the alert
 * dispatcher killed holding a webhook request, each once. {@code vigie faults} with no options runs
 * all of it at full strength (docs/reliability.md).
 */
class FaultsIT {

  @TempDir Path dir;

  @Test
  void nothingIsLostAndNothingReachesAnOutputTwiceThroughKillsZombiesAndABrokerRestart()
      throws Exception {
    Path table = dir.resolve("faults.md");

    CliRun run =
        CliRun.vigie(
            Map.of(),
            "faults",
            "--only",
            "streams-kill,zombie,broker-restart,dispatcher-kill",
            "--kills",
            "2",
            "--repeats",
            "1",
            "--rate",
            "60",
            "--output",
            table.toString());

    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    String written = Files.readString(table);
    assertThat(written)
        .contains("`kill -9` of a `vigie streams` instance (of two), restarted at once | 2 |")
        .contains("SIGSTOP of a `vigie streams` instance")
        .contains("`kill -9` of the broker")
        .contains("`kill -9` of the alert dispatcher")
        .doesNotContain("never");
  }
}
