package io.vigie.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ParentWatch} watching an owner that is not its parent, as the servers that the test JVMs
 * of one Maven build share watch Maven's JVM: the owner is a {@code sleep} this test starts, the
 * watched program a JVM that waits forever ({@link ChildProcessesTest.Waiter}) or a {@code sleep}
 * behind the watcher.
 */
class ParentWatchOwnerTest {

  private static final Duration GRACE = Duration.ofSeconds(5);

  private final List<ProcessHandle> started = new ArrayList<>();

  @Test
  void shouldEndAWatchedMainWhenItsOwnerEnds() throws Exception {
    Process owner = start(List.of("sleep", "600"));
    Process watched = start(java(ChildProcesses.ownedMain(waiter(), owner.pid())));

    assertOutlivesTheWatchStart(watched);
    owner.destroyForcibly();

    assertExitsAsIfSignalled(watched);
  }

  @Test
  void shouldStopAWatchedCommandWhenItsOwnerEnds() throws Exception {
    Process owner = start(List.of("sleep", "600"));
    Process watcher =
        start(ChildProcesses.ownedCommand(GRACE, List.of("sleep", "600"), owner.pid()));
    await("the watched sleep")
        .atMost(Duration.ofSeconds(30))
        .until(() -> watcher.descendants().findAny().isPresent());
    List<ProcessHandle> command = watcher.descendants().toList();

    assertOutlivesTheWatchStart(watcher);
    owner.destroyForcibly();

    assertExitsAsIfSignalled(watcher);
    await("the watched command to end")
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(command).noneMatch(ProcessHandle::isAlive));
  }

  @Test
  void shouldEndAtOnceWhenTheOwnerIsAlreadyGone() throws Exception {
    Process owner = start(List.of("true"));
    owner.waitFor();

    Process watched = start(java(ChildProcesses.ownedMain(waiter(), owner.pid())));

    assertExitsAsIfSignalled(watched);
  }

  @AfterEach
  void stopWhatIsLeft() {
    started.forEach(
        process -> {
          process.descendants().forEach(ProcessHandle::destroyForcibly);
          process.destroyForcibly();
        });
  }

  /** The watch began (the JVM is up and polling) and did not mistake the owner for gone. */
  private static void assertOutlivesTheWatchStart(Process watched) {
    await("the watched program to keep running")
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(5))
        .until(watched::isAlive);
  }

  private static void assertExitsAsIfSignalled(Process watched) throws InterruptedException {
    await("the watched program to end")
        .atMost(Duration.ofSeconds(30))
        .until(() -> !watched.isAlive());
    assertThat(watched.waitFor()).as("exit code").isEqualTo(ParentWatch.PARENT_GONE);
  }

  private Process start(List<String> command) throws IOException {
    Process process = new ProcessBuilder(command).inheritIO().start();
    started.add(process.toHandle());
    return process;
  }

  private static String waiter() {
    return ChildProcessesTest.Waiter.class.getName();
  }

  private static List<String> java(List<String> arguments) {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m",
                "-XX:+UseSerialGC",
                "-cp",
                ChildProcesses.classPath()));
    command.addAll(arguments);
    return command;
  }
}
