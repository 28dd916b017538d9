package io.vigie.localstack;

import java.lang.reflect.InvocationTargetException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
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
 *
 * <p>{@code ParentWatch --owner <pid> --main|--exec ...} watches any process instead, its owner,
 * which may outlive the process that started this one: the servers that the test JVMs of one Maven
 * build share end with Maven's JVM. A process with the owner's pid that started after this one has
 * reused the pid of an owner already gone, so this process ends at once then too.
 */
public final class ParentWatch {

  static final String MAIN = "--main";
  static final String EXEC = "--exec";
  static final String OWNER = "--owner";

  /** The exit code when the parent is gone: 128 + SIGTERM, as if the parent had passed it on. */
  static final int PARENT_GONE = 143;

  private ParentWatch() {}

  public static void main(String[] given) throws Throwable {
    boolean owner = given.length > 0 && given[0].equals(OWNER);
    String[] args = owner ? Arrays.copyOfRange(given, 1, given.length) : given;
    if (args.length < 3 || !List.of(MAIN, EXEC).contains(args[1])) {
      System.err.println(
          "Usage: ParentWatch [--owner] <parent-pid> --main <class> [args...]"
              + " | [--owner] <parent-pid> --exec <grace-seconds> <command> [args...]");
      System.exit(2);
    }
    long watched = Long.parseLong(args[0]);
    CompletableFuture<?> gone = owner ? ownerExit(watched) : parentExit(watched);
    String what = (owner ? "Owner process " : "Vigie process ") + watched;
    if (args[1].equals(MAIN)) {
      exitWhenGone(gone, what);
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
      exitWhenGone(gone, what);
      System.exit(child.waitFor());
    }
  }

  private static CompletableFuture<?> parentExit(long expectedParent) {
    return ProcessHandle.current()
        .parent()
        .filter(parent -> parent.pid() == expectedParent)
        .<CompletableFuture<?>>map(ProcessHandle::onExit)
        .orElseGet(() -> CompletableFuture.completedFuture(null));
  }

  /** Completes when {@code owner} ends; completed already when it is gone or its pid reused. */
  private static CompletableFuture<?> ownerExit(long owner) {
    Optional<Instant> started = ProcessHandle.current().info().startInstant();
    return ProcessHandle.of(owner)
        .filter(
            handle ->
                started.isEmpty()
                    || handle
                        .info()
                        .startInstant()
                        .map(at -> !at.isAfter(started.get()))
                        .orElse(true))
        .<CompletableFuture<?>>map(ProcessHandle::onExit)
        .orElseGet(() -> CompletableFuture.completedFuture(null));
  }

  private static void exitWhenGone(CompletableFuture<?> gone, String watched) {
    gone.thenRun(
        () -> {
          System.err.println(
              "ParentWatch: " + watched + " is gone; stopping " + ProcessHandle.current().pid());
          System.exit(PARENT_GONE);
        });
  }
}
