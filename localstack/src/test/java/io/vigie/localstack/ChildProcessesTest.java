package io.vigie.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Children end with the JVM that started them: {@link ChildProcesses}' shutdown hook when that JVM
 * is signalled, {@link ParentWatch} when it is killed outright. The parent is a JVM of its own
 * ({@link Parent}), its children {@code sleep} or a JVM that waits forever ({@link Waiter}), so
 * that these run in seconds without servers; {@code DemoChildrenIT} does the same with the real
 * broker and Elasticsearch.
 */
class ChildProcessesTest {

  private static final Duration GRACE = Duration.ofSeconds(5);

  private Process parent;
  private final List<ProcessHandle> started = new ArrayList<>();

  /** Starts what {@code args[0]} names, then waits until it is stopped. */
  public static final class Parent {
    public static void main(String[] args) throws Exception {
      List<String> sleep = List.of("sleep", "600");
      ProcessBuilder child =
          switch (args[0]) {
            case "plain", "released" -> new ProcessBuilder(sleep);
            case "watched-command" ->
                new ProcessBuilder(ChildProcesses.watchedCommand(GRACE, sleep));
            case "watched-main" -> new ProcessBuilder(java(Waiter.class));
            default -> throw new IllegalArgumentException(args[0]);
          };
      Process process = ChildProcesses.start(child.inheritIO(), GRACE);
      if (args[0].equals("released")) {
        ChildProcesses.forget(process.toHandle());
      }
      System.out.println("started " + process.pid());
      System.out.flush();
      new CountDownLatch(1).await();
    }
  }

  /** A Java program that never ends on its own. */
  public static final class Waiter {
    public static void main(String[] args) throws InterruptedException {
      new CountDownLatch(1).await();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"TERM", "HUP"})
  void shouldStopChildrenWhenTheParentIsSignalled(String signal) throws Exception {
    List<ProcessHandle> children = startParent("plain", 1);

    signal(signal);

    assertAllGone(children);
  }

  @ParameterizedTest
  @ValueSource(strings = {"watched-command", "watched-main"})
  void shouldEndWatchedChildrenWhenTheParentIsKilledOutright(String how) throws Exception {
    List<ProcessHandle> children = startParent(how, how.equals("watched-command") ? 2 : 1);

    parent.destroyForcibly();

    assertAllGone(children);
  }

  @Test
  void shouldLeaveAReleasedChildRunning() throws Exception {
    List<ProcessHandle> children = startParent("released", 1);

    signal("TERM");

    assertThat(parent.waitFor(30, TimeUnit.SECONDS)).as("the parent exits").isTrue();
    assertThat(children).allMatch(ProcessHandle::isAlive);
  }

  @AfterEach
  void stopWhatIsLeft() {
    if (parent != null) {
      parent.destroyForcibly();
    }
    started.forEach(ProcessHandle::destroyForcibly);
  }

  /** Starts {@link Parent} and returns the {@code count} processes under it once they run. */
  private List<ProcessHandle> startParent(String how, int count) throws IOException {
    List<String> command = java(Parent.class);
    command.add(how);
    parent = new ProcessBuilder(command).redirectErrorStream(true).start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8));
    assertThat(out.readLine()).as("the parent's first line").startsWith("started ");
    await("the processes under the parent")
        .atMost(Duration.ofSeconds(30))
        .until(() -> parent.descendants().count() >= count);
    started.addAll(parent.descendants().toList());
    return List.copyOf(started);
  }

  private void signal(String name) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(parent.pid())).start();
    assertThat(kill.waitFor()).as("kill -" + name).isZero();
  }

  private void assertAllGone(List<ProcessHandle> children) {
    await("the parent and its children to end")
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(parent.isAlive()).as("the parent").isFalse();
              assertThat(children).as("its children").noneMatch(ProcessHandle::isAlive);
            });
  }

  private static List<String> java(Class<?> main) {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m",
                "-XX:+UseSerialGC",
                "-cp",
                ChildProcesses.classPath()));
    if (main == Waiter.class) {
      command.addAll(ChildProcesses.watchedMain(main.getName()));
    } else {
      command.add(main.getName());
    }
    return command;
  }
}
