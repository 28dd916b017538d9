package io.vigie.devtools.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.app.config.VigieConfig;
import io.vigie.app.testing.CliRun;
import io.vigie.testkit.RealServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault-injection suite as CI can afford it, on its own fresh broker and Elasticsearch node: a
 * frozen zombie, the broker killed and restarted, the alert dispatcher killed holding a webhook
 * request, each once. A killed Streams instance is left to FailoverIT and
 * DetectionStateAfterKillIT, which prove the same property (nothing lost, nothing twice) on the
 * shared servers in less time. {@code vigie faults} with no options runs all of it at full strength
 * (docs/reliability.md).
 */
class FaultsIT {

  @TempDir Path dir;

  @Test
  void nothingIsLostAndNothingReachesAnOutputTwiceThroughAZombieABrokerRestartAndADispatcherKill()
      throws Exception {
    Path table = dir.resolve("faults.md");

    CliRun run =
        CliRun.vigie(
            Map.of(
                VigieConfig.STACK_SERVER_JVM_OPTIONS,
                String.join(" ", RealServers.SERVER_JVM_OPTIONS)),
            "faults",
            "--only",
            "zombie,broker-restart,dispatcher-kill",
            "--repeats",
            "1",
            "--rate",
            "60",
            "--output",
            table.toString());

    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    String written = Files.readString(table);
    assertThat(written)
        .contains("SIGSTOP of a `vigie streams` instance")
        .contains("`kill -9` of the broker")
        .contains("`kill -9` of the alert dispatcher")
        .doesNotContain("never");
  }
}
