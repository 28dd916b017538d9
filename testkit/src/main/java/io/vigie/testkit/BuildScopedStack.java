package io.vigie.testkit;

import io.vigie.localstack.LocalStack;
import io.vigie.localstack.StackException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local stack shared by every integration-test JVM of one {@code mvn} run, whichever module
 * they test: each module's Failsafe runs JVMs of its own, one module after the other, and a stack
 * per JVM would cost a minute each. The parent pom sets {@value #DIR_PROPERTY} to {@code
 * target/it-stack} of the repository's root; without it, {@link RealServers} keeps a stack per JVM.
 *
 * <p>The first JVM starts the stack and records its pids and ports there; later JVMs attach to it.
 * A lock on {@code <dir>/.lock} makes JVMs that run side by side ({@code -Dit.forks}) start one
 * stack between them. The servers belong to Maven's JVM, not to the JVM that started them: they
 * outlive it and end when Maven ends, however it ends ({@code kill -9} included), by a {@code
 * ParentWatch} of Maven's JVM. A stack recorded by another Maven run (an earlier build, or a pid
 * reused since) is not attached: a fresh stack replaces it. The data stays in {@code
 * <dir>/it-build} until the next build or {@code mvn clean}; the unpacked Elasticsearch stays
 * shared under the configured {@code stack.dir}.
 */
public final class BuildScopedStack {

  /** The folder of the build's stack: its lock, its owner, its state and its data. */
  public static final String DIR_PROPERTY = "vigie.it.stack-dir";

  private static final Logger log = LoggerFactory.getLogger(BuildScopedStack.class);
  private static final String OWNER_FILE = "owner";

  private final Path dir;
  private final ProcessHandle owner;

  /** The stack in {@code dir}, its servers ending with {@code owner}. */
  public BuildScopedStack(Path dir, ProcessHandle owner) {
    this.dir = dir.toAbsolutePath();
    this.owner = owner;
  }

  /** The build's stack, when the build asks for one by setting {@value #DIR_PROPERTY}. */
  public static Optional<BuildScopedStack> configured() {
    return Optional.ofNullable(System.getProperty(DIR_PROPERTY))
        .filter(dir -> !dir.isBlank())
        .map(dir -> new BuildScopedStack(Path.of(dir), mavenProcess()));
  }

  /**
   * The stack this owner's earlier JVMs started, if it still answers; otherwise a fresh one that
   * later JVMs attach to. {@code spec}'s data moves under this stack's folder.
   */
  public LocalStack attachOrStart(LocalStack.Spec spec) {
    // Spec.dir() resolves the name against stack.dir: an absolute name moves the data into this
    // build's target folder and leaves the unpacked Elasticsearch where every build shares it.
    LocalStack.Spec here = spec.withName(dir.resolve(spec.name()).toString());
    try {
      Files.createDirectories(dir);
      // Closing the channel releases the lock.
      try (FileChannel channel =
          FileChannel.open(
              dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
        channel.lock();
        Optional<LocalStack> running = attach(here);
        if (running.isPresent()) {
          log.info("Attached to the build's stack, owned by process {}", owner.pid());
          return running.get();
        }
        log.info("Starting the build's stack in {}, owned by process {}", dir, owner.pid());
        LocalStack started = LocalStack.startOwnedBy(owner, here, true);
        started.saveState();
        Files.writeString(dir.resolve(OWNER_FILE), identity(owner), StandardCharsets.UTF_8);
        return started;
      }
    } catch (IOException e) {
      throw new StackException(
          "Cannot share the build's stack in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** This owner's stack when its servers answer; one that does not answer is stopped. */
  private Optional<LocalStack> attach(LocalStack.Spec spec) throws IOException {
    Path ownerFile = dir.resolve(OWNER_FILE);
    if (!Files.isRegularFile(ownerFile)
        || !Files.readString(ownerFile, StandardCharsets.UTF_8).equals(identity(owner))) {
      return Optional.empty();
    }
    Optional<LocalStack> attached = LocalStack.attach(spec);
    if (attached.isPresent() && !attached.get().isHealthy()) {
      attached.get().close();
      return Optional.empty();
    }
    return attached;
  }

  /** The pid and start time: a pid alone may name another process once its owner ended. */
  private static String identity(ProcessHandle process) {
    return process.pid()
        + " "
        + process.info().startInstant().map(Instant::toString).orElse("(unknown start)");
  }

  /**
   * Maven's JVM: the nearest ancestor that runs {@code java}, as Surefire may start the test JVM
   * through {@code /bin/sh}.
   */
  private static ProcessHandle mavenProcess() {
    ProcessHandle self = ProcessHandle.current();
    return Stream.iterate(self.parent(), Optional::isPresent, p -> p.get().parent())
        .map(Optional::get)
        .filter(BuildScopedStack::runsJava)
        .findFirst()
        .or(self::parent)
        .orElseThrow(() -> new StackException("This JVM has no parent process to share a stack"));
  }

  private static boolean runsJava(ProcessHandle process) {
    return process
        .info()
        .command()
        .map(command -> Path.of(command).getFileName().toString().equals("java"))
        .orElse(false);
  }
}
