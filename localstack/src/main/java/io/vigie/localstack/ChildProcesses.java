package io.vigie.localstack;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The parent's half of "children die with their parent": every server or tool this process starts
 * is registered here, and one shutdown hook stops those still running, side by side, and waits for
 * them. The JVM runs shutdown hooks on SIGTERM, SIGHUP and SIGINT as well as on {@code
 * System.exit}; a process killed with SIGKILL runs none, which is what {@link ParentWatch}, the
 * child's half, is for.
 */
public final class ChildProcesses {

  private record Registered(ProcessHandle handle, Duration grace) {}

  private static final Map<Long, Registered> RUNNING = new ConcurrentHashMap<>();

  static {
    try {
      Runtime.getRuntime()
          .addShutdownHook(new Thread(ChildProcesses::stopAll, "vigie-stop-children"));
    } catch (IllegalStateException shuttingDown) {
      // First used from another shutdown hook: nothing started from now on outlives us for long,
      // as each child watches this process with ParentWatch.
    }
  }

  private ChildProcesses() {}

  /**
   * Stops {@code child} and its descendants when this JVM shuts down, unless it has ended by then,
   * giving them {@code grace} to exit cleanly.
   */
  public static void stopOnExit(ProcessHandle child, Duration grace) {
    Registered registered = new Registered(child, grace);
    RUNNING.put(child.pid(), registered);
    // Removes this entry only: a later child given the same pid keeps its own.
    child.onExit().thenRun(() -> RUNNING.remove(child.pid(), registered));
  }

  /** Starts {@code builder}'s command and {@link #stopOnExit stops it} with this JVM. */
  public static Process start(ProcessBuilder builder, Duration grace) throws IOException {
    Process process = builder.start();
    stopOnExit(process.toHandle(), grace);
    return process;
  }

  /** {@code child} is left running on purpose: the shutdown hook leaves it alone. */
  public static void forget(ProcessHandle child) {
    RUNNING.remove(child.pid());
  }

  /**
   * SIGTERM to {@code root} and its descendants (the real server behind a launcher script or a
   * {@link ParentWatch}), then SIGKILL to those still running after {@code grace}.
   */
  public static void stopTree(ProcessHandle root, Duration grace) {
    List<ProcessHandle> tree = new ArrayList<>(root.descendants().toList());
    tree.add(root);
    tree.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + grace.toNanos();
    for (ProcessHandle process : tree) {
      try {
        process.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      } catch (Exception e) {
        process.destroyForcibly();
      }
    }
  }

  /**
   * The arguments that run {@code mainClass} in a new JVM on Vigie's class path, with a thread that
   * ends that JVM when this process is gone: append them after {@code java [options] -cp
   * <classPath()>}.
   */
  public static List<String> watchedMain(String mainClass) {
    return watchedMain(mainClass, List.of(Long.toString(ProcessHandle.current().pid())));
  }

  /**
   * As {@link #watchedMain(String)}, but the new JVM ends when {@code owner} is gone, even after
   * this process exits.
   */
  static List<String> ownedMain(String mainClass, long owner) {
    return watchedMain(mainClass, List.of(ParentWatch.OWNER, Long.toString(owner)));
  }

  /**
   * {@code command} behind a small watcher JVM that stops the command's process tree (SIGTERM, then
   * SIGKILL after {@code grace}) when this process is gone or when the watcher itself is stopped:
   * for servers that are not Java programs of Vigie's, such as Elasticsearch started by its own
   * scripts, possibly as another user.
   */
  public static List<String> watchedCommand(Duration grace, List<String> command) {
    return watchedCommand(grace, command, List.of(Long.toString(ProcessHandle.current().pid())));
  }

  /**
   * As {@link #watchedCommand(Duration, List)}, but the tree is stopped when {@code owner} is gone,
   * even after this process exits.
   */
  static List<String> ownedCommand(Duration grace, List<String> command, long owner) {
    return watchedCommand(grace, command, List.of(ParentWatch.OWNER, Long.toString(owner)));
  }

  private static List<String> watchedMain(String mainClass, List<String> watched) {
    List<String> line = new ArrayList<>();
    line.add(ParentWatch.class.getName());
    line.addAll(watched);
    line.add(ParentWatch.MAIN);
    line.add(mainClass);
    return line;
  }

  private static List<String> watchedCommand(
      Duration grace, List<String> command, List<String> watched) {
    List<String> line =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // The watcher only waits: the smallest heap and collector, no optimising compiler.
                "-Xms8m",
                "-Xmx32m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                classPath(),
                ParentWatch.class.getName()));
    line.addAll(watched);
    line.add(ParentWatch.EXEC);
    line.add(Long.toString(Math.max(1, grace.toSeconds())));
    line.addAll(command);
    return line;
  }

  /**
   * This JVM's class path with absolute entries: children run in folders of their own, while {@code
   * java -jar devtools/target/vigie.jar} gives a relative one.
   */
  public static String classPath() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .map(entry -> Path.of(entry).toAbsolutePath().toString())
        .collect(Collectors.joining(File.pathSeparator));
  }

  private static void stopAll() {
    List<Thread> stopping = new ArrayList<>();
    for (Registered child : RUNNING.values()) {
      Thread thread =
          new Thread(() -> stopTree(child.handle(), child.grace()), "vigie-stop-" + child.handle());
      thread.start();
      stopping.add(thread);
    }
    for (Thread thread : stopping) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
