package io.vigie.localstack;

import java.lang.reflect.InvocationTargetException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The child's half of "children die with their parent" ({@link ChildProcesses} is the parent's):
 * ends this process when the Vigie process that started it is gone, however it ended, {@code kill
 * -9} included. The JDK polls a process that is not our child at most every five seconds, and
 * compares its start time, so a reused pid is not mistaken for the parent.
 *
 * <ul>
 *   <li>{@code ParentWatch <pid> --main <class> [args]} runs {@code class}'s {@code main} in this
 *       JVM (the Kafka broker, Kafka's load tools, a Vigie command) and calls {@code System.exit}
 *       when the parent is gone, so that the program's own shutdown hooks stop it cleanly.
 *   <li>{@code ParentWatch <pid> --exec <grace-seconds> <command> [args]} runs {@code command} as a
 *       child (Elasticsearch through its scripts, possibly as another user) and stops its process
 *       tree when the parent is gone or this watcher is stopped; it exits with the command's exit
 *       code.
 * </ul>
 *
 * {@code <pid>} must be this process's parent when it starts: if it is not, the parent ended before
 * the watch began, and this process ends at once.
 */
public final class ParentWatch {

  static final String MAIN = "--main";
  static final String EXEC = "--exec";

  /** The exit code when the parent is gone: 128 + SIGTERM, as if the parent had passed it on. */
  static final int PARENT_GONE = 143;

  private ParentWatch() {}

  public static void main(String[] args) throws Throwable {
    if (args.length < 3 || !List.of(MAIN, EXEC).contains(args[1])) {
      System.err.println(
          "Usage: ParentWatch <parent-pid> --main <class> [args...]"
              + " | <parent-pid> --exec <grace-seconds> <command> [args...]");
      System.exit(2);
    }
    long parent = Long.parseLong(args[0]);
    if (args[1].equals(MAIN)) {
      exitWhenGone(parent);
      try {
        Class.forName(args[2])
            .getMethod("main", String[].class)
            .invoke(null, (Object) Arrays.copyOfRange(args, 3, args.length));
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    } else {
      Duration grace = Duration.ofSeconds(Long.parseLong(args[2]));
      Process child =
          new ProcessBuilder(Arrays.copyOfRange(args, 3, args.length)).inheritIO().start();
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> ChildProcesses.stopTree(child.toHandle(), grace), "vigie-stop-watched"));
      exitWhenGone(parent);
      System.exit(child.waitFor());
    }
  }

  private static void exitWhenGone(long expectedParent) {
    CompletableFuture<ProcessHandle> gone =
        ProcessHandle.current()
            .parent()
            .filter(parent -> parent.pid() == expectedParent)
            .map(ProcessHandle::onExit)
            .orElseGet(() -> CompletableFuture.completedFuture(null));
    gone.thenRun(
        () -> {
          System.err.println(
              "ParentWatch: Vigie process "
                  + expectedParent
                  + " is gone; stopping "
                  + ProcessHandle.current().pid());
          System.exit(PARENT_GONE);
        });
  }
}
