package io.vigie.devtools.process;

import io.vigie.app.Vigie;
import io.vigie.localstack.ChildProcesses;
import java.io.IOException;
import java.net.URISyntaxException;
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
 * packaged launcher, as a production instance runs: the fault suite kills it with SIGKILL or pauses
 * it with SIGSTOP, the pipeline bench runs several to measure scale-out. Its output goes to a log
 * file that starts are appended to.
 */
public final class ChildProcess implements AutoCloseable {

  /**
   * The fault suite's small instances: a bounded heap, a collector without threads of its own, and
   * C1 only. Each lives seconds to minutes between kills and restarts at a light load, beside the
   * servers on the same cores: the C2 compiler's work would only slow their starts.
   */
  public static final List<String> SMALL_JVM =
      List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

  private final List<String> command;
  private final Path log;
  private Process process;
  private int starts;

  /**
   * @param jvm options of the JVM, e.g. {@link #SMALL_JVM}
   * @param args the command and its options, e.g. {@code streams}
   * @param settings configuration given as {@code --set key=value}
   */
  public ChildProcess(
      Path jar, List<String> jvm, List<String> args, Map<String, String> settings, Path log) {
    List<String> line = new ArrayList<>();
    line.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    line.addAll(jvm);
    line.addAll(List.of("-cp", jar.toString()));
    // Ends with the fault suite even when the suite is killed outright.
    line.addAll(ChildProcesses.watchedMain(Vigie.class.getName()));
    settings.forEach((key, value) -> line.addAll(List.of("--set", key + "=" + value)));
    line.addAll(args);
    this.command = List.copyOf(line);
    this.log = log;
  }

  /** Starts the process (again, after a kill). */
  public ChildProcess start() throws IOException {
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
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGSTOP: the process stops where it is, its sockets open, until {@link #resume()}. */
  public void pause() throws IOException, InterruptedException {
    signal("STOP");
  }

  /** SIGCONT. */
  public void resume() throws IOException, InterruptedException {
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

  public boolean alive() {
    return process != null && process.isAlive();
  }

  /** The exit code once it has ended within {@code wait}, else -1. */
  public int awaitExit(Duration wait) throws InterruptedException {
    return process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
  }

  /** Whether the log says the command is up: {@code marker} appears after the last start. */
  public boolean logged(String marker) throws IOException {
    String text = Files.readString(log);
    return text.substring(text.lastIndexOf("---- start ")).contains(marker);
  }

  public String logTail() throws IOException {
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

  /** This launcher's jar; from the build's classes (tests), the one mvn package wrote. */
  public static Path launcherJar() throws URISyntaxException {
    Path code =
        Path.of(ChildProcess.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    if (code.toString().endsWith(".jar")) {
      return code;
    }
    return code.getParent().resolve("vigie.jar"); // target/classes -> target/vigie.jar
  }
}
