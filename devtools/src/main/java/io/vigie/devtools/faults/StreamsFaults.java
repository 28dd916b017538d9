package io.vigie.devtools.faults;

import io.vigie.app.config.VigieConfig;
import io.vigie.devtools.process.ChildProcess;
import io.vigie.localstack.LocalKafka;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;

/**
 * Faults of the Streams application and its broker: instances killed with SIGKILL, frozen with
 * SIGSTOP past their session timeout (zombies), the broker killed and restarted, the state disk
 * filled. Exactly-once must hold through all of them: no post lost, none twice on any output.
 */
final class StreamsFaults {

  private static final String STARTED = "' started.";
  private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

  private final FaultSuite suite;

  StreamsFaults(FaultSuite suite) {
    this.suite = suite;
  }

  /**
   * Kills one of two {@code vigie streams} instances {@code kills} times, restarting it each time.
   */
  FaultReport.Row kills(int kills) throws Exception {
    FaultRun run = suite.run("kill", Map.of());
    List<ChildProcess> instances = twoInstances(run);
    try (Admin admin = Admin.create(run.kafka());
        OutputWatch watch = new OutputWatch(run.kafka(), run.naming)) {
      LedgerWriter writer = startWriting(run, admin, instances);
      List<Duration> recoveries = new ArrayList<>();
      for (int i = 0; i < kills; i++) {
        ChildProcess victim = instances.get(i % 2);
        long at = System.nanoTime();
        victim.kill();
        victim.start();
        recover(run, writer, watch, at, recoveries, "kill " + (i + 1));
        Thread.sleep(2_000); // some work under the restarted instance before the next kill
      }
      FaultSuite.Finish finish = suite.finish(run, writer, watch, admin, null);
      return new FaultReport.Row(
          "`kill -9` of a `vigie streams` instance (of two), restarted at once",
          kills,
          finish.outcome(),
          recoveries,
          finish.alertAfterSilenceMs(),
          "exactly-once; 6 s session timeout",
          true);
    } finally {
      closeAll(instances);
    }
  }

  /**
   * Freezes one of two instances with SIGSTOP for longer than its session timeout: the group gives
   * its tasks to the other, and when it runs again its transactions must be fenced, writing
   * nothing.
   */
  FaultReport.Row zombie(int pauses) throws Exception {
    FaultRun run = suite.run("zombie", Map.of());
    List<ChildProcess> instances = twoInstances(run);
    try (Admin admin = Admin.create(run.kafka());
        OutputWatch watch = new OutputWatch(run.kafka(), run.naming)) {
      LedgerWriter writer = startWriting(run, admin, instances);
      List<Duration> recoveries = new ArrayList<>();
      for (int i = 0; i < pauses; i++) {
        ChildProcess frozen = instances.get(i % 2);
        long at = System.nanoTime();
        frozen.pause();
        Thread.sleep(FaultRun.SESSION_TIMEOUT.multipliedBy(2).plusSeconds(3).toMillis());
        frozen.resume();
        recover(run, writer, watch, at, recoveries, "pause " + (i + 1));
        run.awaitMembers(admin, 2, START_TIMEOUT);
      }
      boolean bothAlive = instances.stream().allMatch(ChildProcess::alive);
      FaultSuite.Finish finish = suite.finish(run, writer, watch, admin, null);
      return new FaultReport.Row(
          "SIGSTOP of a `vigie streams` instance for "
              + FaultRun.SESSION_TIMEOUT.multipliedBy(2).plusSeconds(3).toSeconds()
              + " s (session timeout 6 s), then SIGCONT",
          pauses,
          finish.outcome(),
          recoveries,
          finish.alertAfterSilenceMs(),
          bothAlive
              ? "the zombie was fenced and rejoined"
              : "an instance died after it was resumed",
          bothAlive);
    } finally {
      closeAll(instances);
    }
  }

  /** Kills the broker with SIGKILL and starts it again on its data, {@code restarts} times. */
  FaultReport.Row brokerRestarts(int restarts) throws Exception {
    FaultRun run = suite.run("broker", Map.of());
    List<ChildProcess> instances = List.of(run.streamsProcess(suite.jar(), "a"));
    try (Admin admin = Admin.create(run.kafka());
        OutputWatch watch = new OutputWatch(run.kafka(), run.naming)) {
      LedgerWriter writer = startWriting(run, admin, instances);
      List<Duration> recoveries = new ArrayList<>();
      for (int i = 0; i < restarts; i++) {
        LocalKafka broker = suite.stack().kafka().orElseThrow();
        long at = System.nanoTime();
        broker.process().kill();
        Thread.sleep(5_000);
        suite.stack().restartKafka();
        recover(run, writer, watch, at, recoveries, "broker restart " + (i + 1));
      }
      boolean alive = instances.get(0).alive();
      FaultSuite.Finish finish = suite.finish(run, writer, watch, admin, null);
      return new FaultReport.Row(
          "`kill -9` of the broker, restarted on its data 5 s later",
          restarts,
          finish.outcome(),
          recoveries,
          finish.alertAfterSilenceMs(),
          alive
              ? "producers and the Streams instance rode it out"
              : "the Streams instance died: " + lastError(instances.get(0)),
          alive);
    } finally {
      closeAll(instances);
    }
  }

  /**
   * Fills the disk under an instance's state folder (a small tmpfs of its own): the instance must
   * fail clearly, and once space is back a restarted one must carry on with nothing lost. Needs the
   * right to mount (root); without it the row says so.
   */
  FaultReport.Row diskFull() throws Exception {
    FaultRun run = suite.run("disk", Map.of());
    Path mount = run.dir.resolve("small-disk");
    Files.createDirectories(mount);
    Optional<String> refused = SmallDisk.mount(mount, "48m");
    if (refused.isPresent()) {
      return FaultReport.Row.notRun(
          "a full disk under the Streams state folder", "not run: " + refused.get());
    }
    ChildProcess instance =
        new ChildProcess(
            suite.jar(),
            ChildProcess.SMALL_JVM,
            List.of("streams"),
            withStateDir(run, mount.resolve("state")),
            run.dir.resolve("a.log"));
    try (Admin admin = Admin.create(run.kafka());
        OutputWatch watch = new OutputWatch(run.kafka(), run.naming)) {
      LedgerWriter writer = startWriting(run, admin, List.of(instance));
      long at = System.nanoTime();
      Path filler = SmallDisk.fill(mount);
      // The instance writes its stores and checkpoints at every commit: it must notice soon.
      int exit = instance.awaitExit(Duration.ofSeconds(90));
      String failure = exit >= 0 ? lastError(instance) : "";
      Files.delete(filler);
      if (exit < 0) {
        instance.kill(); // it never noticed: restart it anyway to check the state it left
      }
      instance.start();
      List<Duration> recoveries = new ArrayList<>();
      recover(run, writer, watch, at, recoveries, "disk freed");
      FaultSuite.Finish finish = suite.finish(run, writer, watch, admin, null);
      return new FaultReport.Row(
          "a full disk under the Streams state folder for up to 90 s",
          1,
          finish.outcome(),
          recoveries,
          finish.alertAfterSilenceMs(),
          exit >= 0
              ? "the instance stopped (exit " + exit + "): " + failure + "; restarted once freed"
              : "the instance did not stop within 90 s",
          exit > 0);
    } finally {
      instance.close();
      SmallDisk.unmount(mount);
    }
  }

  private static Map<String, String> withStateDir(FaultRun run, Path stateDir) {
    Map<String, String> settings = new HashMap<>(run.settings);
    settings.put(VigieConfig.STREAMS_STATE_DIR, stateDir.toString());
    return settings;
  }

  private List<ChildProcess> twoInstances(FaultRun run) {
    return List.of(run.streamsProcess(suite.jar(), "a"), run.streamsProcess(suite.jar(), "b"));
  }

  /** Starts the instances, then the ledger writer, and lets them work 10 s before any fault. */
  private LedgerWriter startWriting(FaultRun run, Admin admin, List<ChildProcess> instances)
      throws Exception {
    startAll(run, admin, instances);
    LedgerWriter writer = suite.writer(run);
    Thread.sleep(10_000);
    return writer;
  }

  private void startAll(FaultRun run, Admin admin, List<ChildProcess> instances) throws Exception {
    for (ChildProcess instance : instances) {
      instance.start();
    }
    run.awaitMembers(admin, instances.size(), START_TIMEOUT);
    for (ChildProcess instance : instances) {
      long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
      while (!instance.logged(STARTED)) {
        if (!instance.alive() || System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "A streams instance did not start:\n" + instance.logTail());
        }
        Thread.sleep(200);
      }
    }
  }

  /** Times how long until every post acknowledged before the fault at {@code at} is enriched. */
  private void recover(
      FaultRun run,
      LedgerWriter writer,
      OutputWatch watch,
      long at,
      List<Duration> recoveries,
      String what)
      throws InterruptedException {
    Optional<Duration> took =
        watch.awaitEnriched(writer.ledger().validBefore(at), at, FaultSuite.RECOVERY_TIMEOUT);
    took.ifPresent(recoveries::add);
    suite.say(
        "  %s: %s",
        what,
        took.map(d -> String.format(Locale.ROOT, "caught up in %.1f s", d.toMillis() / 1000.0))
            .orElse("NOT caught up in " + FaultSuite.RECOVERY_TIMEOUT));
  }

  /** The line of the instance's log that says best why it stopped: the disk's own words first. */
  private static String lastError(ChildProcess instance) throws IOException {
    List<String> lines = instance.logTail().lines().toList();
    for (String wanted : List.of("No space left", "ERROR", "Exception")) {
      for (int i = lines.size() - 1; i >= 0; i--) {
        String line = lines.get(i).strip();
        if (line.contains(wanted)) {
          int from = wanted.equals("No space left") ? Math.max(0, line.indexOf(wanted) - 80) : 0;
          String shown = line.substring(from);
          return shown.length() > 200 ? shown.substring(0, 200) + "…" : shown;
        }
      }
    }
    return "(nothing in its log)";
  }

  private static void closeAll(List<ChildProcess> instances) throws InterruptedException {
    for (ChildProcess instance : instances) {
      instance.close();
    }
  }
}
