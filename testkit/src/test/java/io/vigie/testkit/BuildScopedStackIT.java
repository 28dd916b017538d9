package io.vigie.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigie.localstack.LocalStack;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The build's shared stack with a {@code sleep} standing in for Maven's JVM: a second JVM of the
 * build (here a second call, which only reads what the first one recorded) attaches to the servers
 * the first one started, and the servers end when their owner is killed. Both servers, since the
 * real build shares both; Elasticsearch is the one whose watcher and process tree are the harder to
 * stop.
 */
class BuildScopedStackIT {

  /** Under the module's target folder: Elasticsearch's unprivileged user can reach it, not /tmp. */
  private static final Path DIR = Path.of("target", "build-scoped-stack-it");

  private Process owner;

  @Test
  void shouldShareOneStackThatEndsWithItsOwner() throws Exception {
    owner = new ProcessBuilder("sleep", "600").start();
    LocalStack.Spec spec = RealServers.spec("it-build");

    LocalStack first = new BuildScopedStack(DIR, owner.toHandle()).attachOrStart(spec);
    LocalStack second = new BuildScopedStack(DIR, owner.toHandle()).attachOrStart(spec);

    assertThat(second.bootstrapServers()).isEqualTo(first.bootstrapServers());
    assertThat(second.elasticsearchUrl()).isEqualTo(first.elasticsearchUrl());
    assertThat(pids(first)).as("Kafka and Elasticsearch").hasSize(2);
    assertThat(pids(second)).containsExactlyElementsOf(pids(first));
    assertThat(second.isHealthy()).isTrue();

    List<ProcessHandle> servers = processTrees(first);
    owner.destroyForcibly();

    await("the servers to end with their owner")
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(servers).noneMatch(ProcessHandle::isAlive));
    first.deleteData();
  }

  @AfterEach
  void stopTheOwner() {
    if (owner != null) {
      owner.destroyForcibly();
    }
  }

  private static List<Long> pids(LocalStack stack) {
    return Stream.concat(
            stack.kafka().map(kafka -> kafka.process().pid()).stream(),
            stack.elasticsearch().map(es -> es.process().pid()).stream())
        .toList();
  }

  /** Each server's process and its descendants: Elasticsearch runs behind a watcher and scripts. */
  private static List<ProcessHandle> processTrees(LocalStack stack) {
    List<ProcessHandle> tree = new ArrayList<>();
    for (long pid : pids(stack)) {
      ProcessHandle root = ProcessHandle.of(pid).orElseThrow();
      tree.add(root);
      tree.addAll(root.descendants().toList());
    }
    return tree;
  }
}
