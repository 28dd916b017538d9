package io.vigie.devtools.faults;

import io.vigie.app.Connections;
import io.vigie.app.Pipeline;
import io.vigie.app.config.ConfigLoader;
import io.vigie.app.config.VigieConfig;
import io.vigie.core.health.ConsumerLag;
import io.vigie.devtools.process.ChildProcess;
import io.vigie.localstack.LocalStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/**
 * One fault scenario's deployment on the suite's servers: topics, Streams application, indices and
 * state folders of its own, and the settings its child processes are started with.
 */
final class FaultRun {

  /** Kafka's smallest session timeout by default: a dead or frozen member is noticed after it. */
  static final Duration SESSION_TIMEOUT = Duration.ofSeconds(6);

  final String id;
  final Path dir;
  final Map<String, String> settings;
  final VigieConfig config;
  final Connections connections;
  final Pipeline.Naming naming;

  private FaultRun(String id, Path dir, Map<String, String> settings, LocalStack stack) {
    this.id = id;
    this.dir = dir;
    this.settings = Map.copyOf(settings);
    this.config = ConfigLoader.load(Optional.empty(), Map.of(), settings);
    this.connections = Connections.of(config, Optional.of(stack));
    this.naming = Pipeline.Naming.from(config);
  }

  static FaultRun create(String id, Path suiteDir, LocalStack stack, Map<String, String> extra)
      throws IOException, InterruptedException {
    Path dir = Files.createDirectories(suiteDir.resolve(id));
    Map<String, String> settings = new HashMap<>();
    settings.put(VigieConfig.KAFKA_BOOTSTRAP, stack.bootstrapServers().orElseThrow());
    settings.put(VigieConfig.ES_URLS, stack.elasticsearchUrl().orElseThrow().toString());
    settings.put(VigieConfig.TOPICS_PREFIX, "faults." + id + ".");
    settings.put(VigieConfig.STREAMS_APPLICATION_ID, "vigie-faults-" + id);
    settings.put(VigieConfig.ES_INDEX_PREFIX, "vigie-faults-" + id + "-");
    settings.put(VigieConfig.INDEXER_GROUP_ID, "vigie-faults-" + id + "-indexer");
    settings.put(VigieConfig.STREAMS_STATE_DIR, dir.resolve("state").toString());
    settings.put("kafka.session.timeout.ms", Long.toString(SESSION_TIMEOUT.toMillis()));
    // Live posts only, no history: a new hashtag must alert on its first burst.
    settings.put(VigieConfig.DETECT_WARMUP_MINUTES, "0");
    settings.putAll(extra);
    FaultRun run = new FaultRun(id, dir, settings, stack);
    Pipeline.setup(run.connections, run.config, run.naming, 0);
    return run;
  }

  Map<String, Object> kafka() {
    return connections.kafka();
  }

  /** A {@code vigie streams} process of this run with a state folder of its own. */
  ChildProcess streamsProcess(Path jar, String name) {
    Map<String, String> own = new HashMap<>(settings);
    own.put(VigieConfig.STREAMS_STATE_DIR, dir.resolve("state-" + name).toString());
    return new ChildProcess(
        jar, ChildProcess.SMALL_JVM, List.of("streams"), own, dir.resolve(name + ".log"));
  }

  /** Waits until the Streams application's group has {@code members} members. */
  void awaitMembers(Admin admin, int members, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (groupMembers(admin) != members) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "The Streams application of run " + id + " never had " + members + " members");
      }
      Thread.sleep(500);
    }
  }

  int groupMembers(Admin admin) throws Exception {
    try {
      return admin
          .describeConsumerGroups(List.of(naming.applicationId()))
          .describedGroups()
          .get(naming.applicationId())
          .get(10, TimeUnit.SECONDS)
          .members()
          .size();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof GroupIdNotFoundException) {
        return 0; // no member joined yet
      }
      throw e;
    }
  }

  /** Waits until the consumer group has read everything of {@code topics}. */
  static void awaitNoLag(Admin admin, String group, List<String> topics, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        if (ConsumerLag.of(admin, group, topics) == 0) {
          return;
        }
      } catch (RuntimeException e) {
        // the broker may still be coming back
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(group + " still has lag after " + timeout);
      }
      Thread.sleep(500);
    }
  }

  void awaitStreamsCaughtUp(Admin admin, Duration timeout) throws InterruptedException {
    awaitNoLag(admin, naming.applicationId(), naming.streamsInputTopics(), timeout);
  }
}
