package io.vigie.localstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A server running in a child process, its output in a log file. Stopping sends SIGTERM to the
 * server (and its descendants) and waits for a clean exit before killing; {@link #kill()} is {@code
 * kill -9}, for tests of crashes. Until stopped or {@link #release()}d, the server is stopped when
 * this JVM shuts down ({@link ChildProcesses}).
 */
public final class ServerProcess {

  /**
   * How long a server outlives the command that started it. A server that must end with a process
   * however that process ends, {@code kill -9} included, runs behind a {@link ParentWatch}.
   */
  sealed interface Lifetime {
    /** It ends with this process: its command is wrapped in a {@link ParentWatch} of this JVM. */
    Lifetime THIS_PROCESS = new WithThisProcess();

    /**
     * It keeps running after this process exits ({@code vigie stack up}), until {@code vigie stack
     * down}; it is still stopped if this process is stopped while starting it.
     */
    Lifetime BACKGROUND = new Background();

    /**
     * It keeps running after this process exits, until {@code owner} ends: the test JVMs of one
     * Maven build share servers that end with Maven's JVM. It is still stopped if this process is
     * stopped while starting it.
     */
    static Lifetime endingWith(ProcessHandle owner) {
      return new WithOwner(owner.pid());
    }

    /** The arguments that run {@code mainClass} after {@code java [options] -cp <class path>}. */
    List<String> main(String mainClass);

    /** {@code command}, behind a watcher that stops its process tree within {@code grace}. */
    List<String> command(Duration grace, List<String> command);
  }

  private record WithThisProcess() implements Lifetime {
    @Override
    public List<String> main(String mainClass) {
      return ChildProcesses.watchedMain(mainClass);
    }

    @Override
    public List<String> command(Duration grace, List<String> command) {
      return ChildProcesses.watchedCommand(grace, command);
    }
  }

  private record Background() implements Lifetime {
    @Override
    public List<String> main(String mainClass) {
      return List.of(mainClass);
    }

    @Override
    public List<String> command(Duration grace, List<String> command) {
      return command;
    }
  }

  private record WithOwner(long owner) implements Lifetime {
    @Override
    public List<String> main(String mainClass) {
      return ChildProcesses.ownedMain(mainClass, owner);
    }

    @Override
    public List<String> command(Duration grace, List<String> command) {
      return ChildProcesses.ownedCommand(grace, command, owner);
    }
  }

  private final String name;
  private final ProcessHandle handle;
  private final Process process; // null when attached to a server another Vigie process started
  private final Path log;

  private ServerProcess(String name, ProcessHandle handle, Process process, Path log) {
    this.name = name;
    this.handle = handle;
    this.process = process;
    this.log = log;
  }

  static ServerProcess start(
      String name,
      List<String> command,
      Map<String, String> env,
      Path workDir,
      Path log,
      Duration stopGrace) {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(env);
    try {
      Process started = builder.start();
      ChildProcesses.stopOnExit(started.toHandle(), stopGrace);
      return new ServerProcess(name, started.toHandle(), started, log);
    } catch (IOException e) {
      throw new StackException(
          "Cannot start " + name + " (" + command.get(0) + "): " + e.getMessage(), e);
    }
  }

  /** A server started earlier, possibly by another Vigie process, found by its pid. */
  static Optional<ServerProcess> attach(String name, long pid, Path log) {
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .map(h -> new ServerProcess(name, h, null, log));
  }

  public long pid() {
    return handle.pid();
  }

  public boolean isAlive() {
    return handle.isAlive();
  }

  /**
   * Polls {@code healthy} until it answers true; fails with the end of the log when the process
   * exits first or {@code timeout} passes (stopping the process in that case).
   */
  void awaitReady(String what, BooleanSupplier healthy, Duration timeout, String hint) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!isAlive()) {
        throw new StackException(
            what + " exited during start-up. End of " + log + ":\n" + tail(40));
      }
      if (healthy.getAsBoolean()) {
        return;
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StackException("Interrupted while waiting for " + what, e);
      }
    }
    stop(Duration.ofSeconds(20));
    throw new StackException(
        what
            + " was not ready within "
            + timeout.toSeconds()
            + " s"
            + hint
            + ". End of "
            + log
            + ":\n"
            + tail(40));
  }

  /** Waits for a process this JVM started to exit, and returns its exit code. */
  public int awaitExit(Duration timeout) {
    if (process == null) {
      throw new IllegalStateException(name + " was not started by this process");
    }
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new StackException(
            name
                + " did not finish within "
                + timeout.toSeconds()
                + " s. End of "
                + log
                + ":\n"
                + tail(20));
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StackException("Interrupted while waiting for " + name, e);
    }
  }

  public Path log() {
    return log;
  }

  /**
   * SIGTERM, then SIGKILL after {@code grace}. Descendants (the real server behind a launcher
   * script) go too.
   */
  public void stop(Duration grace) {
    ChildProcesses.stopTree(handle, grace);
  }

  /**
   * Leaves the server running when this JVM exits ({@link Lifetime#BACKGROUND}, {@link
   * Lifetime#endingWith}).
   */
  void release() {
    ChildProcesses.forget(handle);
  }

  /** SIGKILL to the server and its descendants, no grace: a crash. */
  public void kill() {
    handle.descendants().forEach(ProcessHandle::destroyForcibly);
    handle.destroyForcibly();
    try {
      handle.onExit().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new StackException("Process " + handle.pid() + " of " + name + " survived SIGKILL", e);
    }
  }

  /** The end of the server's log, to explain a failure. */
  public String tail(int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join(
          System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public String toString() {
    return name + "[pid " + pid() + "]";
  }
}
