package io.vigie.devtools.faults;

import io.vigie.app.Vigie;
import io.vigie.localstack.ChildProcesses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Vigie command ({@code vigie streams}, {@code vigie alerts}) as a process of its own from the
 * packaged launcher, so that it can be killed with SIGKILL or paused with SIGSTOP as a crashed or
 * frozen production instance would be. Its output goes to a log file that starts are appended to.
 */
final class ChildProcess implements AutoCloseable {

  private final List<String> command;
  private final Path log;
  private Process process;
  private int starts;

  /**
   * @param args the command and its options, e.g. {@code streams}
   * @param settings configuration given as {@code --set key=value}
   */
  ChildProcess(Path jar, List<String> args, Map<String, String> settings, Path log) {
    List<String> line =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-XX:+UseSerialGC",
                "-cp",
                jar.toString()));
    // Ends with the fault suite even when the suite is killed outright.
    line.addAll(ChildProcesses.watchedMain(Vigie.class.getName()));
    settings.forEach((key, value) -> line.addAll(List.of("--set", key + "=" + value)));
    line.addAll(args);
    this.command = List.copyOf(line);
    this.log = log;
  }

  /** Starts the process (again, after a kill). */
  ChildProcess start() throws IOException {
    Files.writeString(
        log, "---- start " + ++starts + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    process =
        ChildProcesses.start(
            new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())),
            Duration.ofSeconds(30));
    return this;
  }

  /** SIGKILL: no shutdown hook runs, no transaction is committed or aborted, nothing is flushed. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGSTOP: the process stops where it is, its sockets open, until {@link #resume()}. */
  void pause() throws IOException, InterruptedException {
    signal("STOP");
  }

  /** SIGCONT. */
  void resume() throws IOException, InterruptedException {
    signal("CONT");
  }

  private void signal(String name) throws IOException, InterruptedException {
    Process kill =
        new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
            .redirectErrorStream(true)
            .start();
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new IOException("kill -" + name + " " + process.pid() + " failed");
    }
  }

  boolean alive() {
    return process != null && process.isAlive();
  }

  /** The exit code once it has ended within {@code wait}, else -1. */
  int awaitExit(Duration wait) throws InterruptedException {
    return process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
  }

  /** Whether the log says the command is up: {@code marker} appears after the last start. */
  boolean logged(String marker) throws IOException {
    String text = Files.readString(log);
    return text.substring(text.lastIndexOf("---- start ")).contains(marker);
  }

  String logTail() throws IOException {
    String text = Files.readString(log);
    return text.substring(Math.max(0, text.length() - 65_536));
  }

  @Override
  public void close() throws InterruptedException {
    if (alive()) {
      try {
        resume(); // a paused process ignores SIGTERM until it runs again
      } catch (IOException e) {
        // it may have ended meanwhile
      }
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        kill();
      }
    }
  }
}
