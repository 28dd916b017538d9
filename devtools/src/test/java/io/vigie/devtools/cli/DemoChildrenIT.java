package io.vigie.devtools.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigie.app.config.VigieConfig;
import io.vigie.core.http.Ports;
import io.vigie.testkit.RealServers;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * {@code vigie demo --keep-running} as a process of its own, from the packaged launcher, stopped as
 * a container runtime, a closed terminal or a process manager stops it: its Kafka broker and
 * Elasticsearch node must not outlive it, holding ports, memory and the data folder.
 *
 * <p>The signal comes once the broker, Elasticsearch and the console (started after the pipeline)
 * serve, without waiting for the replay to end: a killed process runs no code of its own whatever
 * it was doing, and a terminated one runs the same shutdown hooks in the replay as after it, which
 * on a loaded 2-core machine can take most of an hour.
 */
class DemoChildrenIT {

  private static final Path JAR = Path.of("target", "vigie.jar").toAbsolutePath();

  private Path stackDir;
  private Path output;
  private int kafkaPort;
  private int elasticsearchPort;
  private int consolePort;
  private Process demo;
  private final List<ProcessHandle> children = new ArrayList<>();

  @BeforeEach
  void paths(TestInfo test) throws IOException {
    assertThat(JAR).as("mvn package writes the launcher before the integration tests").exists();
    stackDir =
        VigieConfig.defaults().stackDir().resolve("it-children-" + ProcessHandle.current().pid());
    output =
        Files.createDirectories(Path.of("target", "demo-children"))
            .resolve(test.getTestMethod().orElseThrow().getName() + ".log");
    kafkaPort = Ports.freePort();
    elasticsearchPort = Ports.freePort();
    consolePort = Ports.freePort();
  }

  @Test
  void shouldStopItsServersWhenTerminated() throws Exception {
    List<ProcessHandle> servers = startDemo();

    demo.destroy(); // SIGTERM

    assertServersGone(servers);
  }

  @Test
  void shouldStopItsServersWhenKilledOutright() throws Exception {
    List<ProcessHandle> servers = startDemo();

    demo.destroyForcibly(); // SIGKILL: no shutdown hook runs

    assertServersGone(servers);
  }

  /** Starts the demo, waits until it serves, and returns every process under it at that moment. */
  private List<ProcessHandle> startDemo() throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
                "-XX:TieredStopAtLevel=1", // a short life: the C2 compiler would only slow it
                "-jar",
                JAR.toString(),
                "demo",
                "--keep-running"));
    set(command, VigieConfig.STACK_DIR, stackDir.toString());
    set(command, VigieConfig.STACK_KAFKA_PORT, Integer.toString(kafkaPort));
    set(command, VigieConfig.STACK_ES_PORT, Integer.toString(elasticsearchPort));
    set(command, VigieConfig.STACK_KAFKA_HEAP, "384m");
    set(command, VigieConfig.STACK_ES_HEAP, "512m");
    set(
        command,
        VigieConfig.STACK_SERVER_JVM_OPTIONS,
        String.join(" ", RealServers.SERVER_JVM_OPTIONS));
    set(command, VigieConfig.CONSOLE_PORT, Integer.toString(consolePort));
    demo =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    await("the demo's broker, Elasticsearch and console to serve")
        .atMost(Duration.ofMinutes(15))
        .pollInterval(Duration.ofSeconds(2))
        .untilAsserted(
            () -> {
              assertThat(demo.isAlive())
                  .as("the demo is running; it printed:%n%s", Files.readString(output))
                  .isTrue();
              assertThat(List.of(kafkaPort, elasticsearchPort, consolePort))
                  .noneMatch(DemoChildrenIT::isFree);
            });
    children.addAll(demo.descendants().toList());
    assertThat(children)
        .as("the broker and the Elasticsearch server run under the demo")
        .anySatisfy(commandLineContains("kafka.Kafka"))
        .anySatisfy(commandLineContains("org.elasticsearch.bootstrap.Elasticsearch"));
    return List.copyOf(children);
  }

  private void assertServersGone(List<ProcessHandle> servers) {
    await("the demo and its servers to stop")
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> {
              assertThat(demo.isAlive()).as("the demo, still alive").isFalse();
              assertThat(servers)
                  .as("processes the demo started, still alive")
                  .noneMatch(ProcessHandle::isAlive);
              assertThat(List.of(kafkaPort, elasticsearchPort))
                  .as("ports of the broker and Elasticsearch, free again")
                  .allMatch(DemoChildrenIT::isFree);
            });
  }

  @AfterEach
  void stopEverything() throws IOException {
    // A failed test must not leave servers behind for the next ones.
    if (demo != null) {
      demo.destroyForcibly();
    }
    children.forEach(ProcessHandle::destroyForcibly);
    for (ProcessHandle child : children) {
      try {
        child.onExit().get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        // reported by the test's own assertions; the folder below may then stay
      }
    }
    if (Files.exists(stackDir)) {
      try (Stream<Path> files = Files.walk(stackDir)) {
        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(file);
        }
      }
    }
  }

  private static void set(List<String> command, String key, String value) {
    command.add("--set");
    command.add(key + "=" + value);
  }

  private static Consumer<ProcessHandle> commandLineContains(String text) {
    return process -> assertThat(process.info().commandLine().orElse("")).contains(text);
  }

  private static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
