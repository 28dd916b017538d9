package io.vigie.devtools.bench;

import io.micrometer.core.instrument.MeterRegistry;
import io.vigie.app.Connections;
import io.vigie.app.Pipeline;
import io.vigie.app.config.VigieConfig;
import io.vigie.devtools.process.ChildProcess;
import io.vigie.localstack.LocalStack;
import io.vigie.schema.Post;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/**
 * The Kafka side run by several {@code vigie streams} processes, as a deployment scales out: each
 * process from the packaged launcher with the launcher's default JVM and a state folder of its own,
 * all in one Streams group. The processes join before the posts are published, so that the figure
 * is the group's steady rate, not its first rebalances.
 */
final class ScaleOut {

  private static final Duration JOIN_TIMEOUT = Duration.ofMinutes(2);

  private final VigieConfig config;
  private final Connections connections;
  private final String bootstrap;
  private final String elasticsearch;
  private final Path jar;
  private final MeterRegistry registry;

  ScaleOut(
      VigieConfig config,
      Connections connections,
      LocalStack stack,
      Path jar,
      MeterRegistry registry) {
    this.bootstrap = stack.bootstrapServers().orElseThrow();
    // vigie streams checks the whole configuration, Elasticsearch's address included.
    this.elasticsearch = stack.elasticsearchUrl().orElseThrow().toString();
    this.config = config;
    this.registry = registry;
    this.connections = connections;
    this.jar = jar;
  }

  /**
   * Posts/s of {@code instances} processes over {@code posts}, in topics named by {@code naming}.
   */
  double kafkaSide(Pipeline.Naming naming, List<Post> posts, int instances, Path dir)
      throws Exception {
    Files.createDirectories(dir);
    Pipeline.setup(connections, config, naming, 0, Duration.ofDays(2));
    List<ChildProcess> processes = new ArrayList<>();
    try (Admin admin = Admin.create(connections.kafka())) {
      for (int i = 0; i < instances; i++) {
        processes.add(
            new ChildProcess(
                    jar,
                    List.of(),
                    List.of("streams"),
                    settings(naming, dir.resolve("state-" + i)),
                    dir.resolve("streams-" + i + ".log"))
                .start());
      }
      awaitStableGroup(admin, naming.applicationId(), instances, processes);
      StreamsThroughput.publishAll(
          connections.kafka(), naming.topics().rawPosts(), posts, registry);
      return PipelineBenchmark.catchUp(
          connections.kafka(),
          naming.topics().enrichedPosts().name(),
          posts.size(),
          () ->
              PipelineBenchmark.caughtUp(
                  admin, naming.applicationId(), naming.streamsInputTopics()));
    } finally {
      for (ChildProcess process : processes) {
        process.close();
      }
    }
  }

  private Map<String, String> settings(Pipeline.Naming naming, Path state) {
    Map<String, String> settings = new HashMap<>();
    settings.put(VigieConfig.KAFKA_BOOTSTRAP, bootstrap);
    settings.put(VigieConfig.ES_URLS, elasticsearch);
    settings.put(VigieConfig.TOPICS_PREFIX, naming.topicPrefix());
    settings.put(VigieConfig.STREAMS_APPLICATION_ID, naming.applicationId());
    settings.put(VigieConfig.STREAMS_STATE_DIR, state.toString());
    settings.put(VigieConfig.STREAMS_GUARANTEE, config.string(VigieConfig.STREAMS_GUARANTEE));
    for (String key :
        List.of(
            VigieConfig.STREAMS_THREADS,
            VigieConfig.DETECT_WARMUP_MINUTES,
            VigieConfig.STREAMS_ROCKSDB_MEMORY_MB)) {
      settings.put(key, Integer.toString(config.integer(key)));
    }
    return settings;
  }

  private static void awaitStableGroup(
      Admin admin, String group, int members, List<ChildProcess> processes) throws Exception {
    long deadline = System.nanoTime() + JOIN_TIMEOUT.toNanos();
    while (true) {
      for (ChildProcess process : processes) {
        if (!process.alive()) {
          throw new IllegalStateException(
              "A vigie streams process ended before joining:\n" + process.logTail());
        }
      }
      try {
        var description =
            admin
                .describeConsumerGroups(List.of(group))
                .describedGroups()
                .get(group)
                .get(10, TimeUnit.SECONDS);
        if (description.members().size() == members
            && description.groupState() == GroupState.STABLE) {
          return;
        }
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof GroupIdNotFoundException)) {
          throw e;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "The Streams group " + group + " never had " + members + " stable members");
      }
      Thread.sleep(500);
    }
  }
}
