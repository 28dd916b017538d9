package io.vigie.localstack;

import io.vigie.core.LocalClusters;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The servers Vigie starts for itself when no cluster is configured: a Kafka broker and an
 * Elasticsearch node, started side by side (Elasticsearch takes the longest) under {@code
 * <stack.dir>/<name>}, binaries shared under {@code <stack.dir>/dist}. A stack started by {@code
 * vigie stack up} records its pids and ports in {@code stack.properties} so that later commands use
 * it and {@code vigie stack down} stops it.
 */
public final class LocalStack implements LocalClusters, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LocalStack.class);
  private static final String STATE_FILE = "stack.properties";

  /** The name of the stack that {@code vigie stack up} starts and other commands look for. */
  public static final String DEFAULT_NAME = "default";

  /** What to start, and where. */
  public record Spec(
      Path stackDir,
      String name,
      boolean kafka,
      boolean elasticsearch,
      int kafkaPort,
      String kafkaHeap,
      int elasticsearchPort,
      String elasticsearchHeap,
      String elasticsearchVersion,
      Optional<Path> elasticsearchJavaHome,
      String elasticsearchUser,
      URI mavenRepository,
      Duration startTimeout,
      List<String> serverJvmOptions) {

    /** Servers whose JVMs run with no options beyond their heaps. */
    public Spec(
        Path stackDir,
        String name,
        boolean kafka,
        boolean elasticsearch,
        int kafkaPort,
        String kafkaHeap,
        int elasticsearchPort,
        String elasticsearchHeap,
        String elasticsearchVersion,
        Optional<Path> elasticsearchJavaHome,
        String elasticsearchUser,
        URI mavenRepository,
        Duration startTimeout) {
      this(
          stackDir,
          name,
          kafka,
          elasticsearch,
          kafkaPort,
          kafkaHeap,
          elasticsearchPort,
          elasticsearchHeap,
          elasticsearchVersion,
          elasticsearchJavaHome,
          elasticsearchUser,
          mavenRepository,
          startTimeout,
          List.of());
    }

    /**
     * Both servers, on free ports, with the defaults of Vigie's {@code stack.*} configuration keys
     * (which a test in the dev tools holds equal): for callers without Vigie's configuration, such
     * as the test kit.
     */
    public static Spec defaults(String name) {
      return new Spec(
          Path.of("/var/tmp", "vigie-" + System.getProperty("user.name", "user")),
          name,
          true,
          true,
          0,
          "512m",
          0,
          "1g",
          "9.2.0",
          Optional.empty(),
          "vigie-es",
          URI.create("https://repo.maven.apache.org/maven2"),
          Duration.ofSeconds(180));
    }

    public Spec withHeaps(String kafka, String elasticsearch) {
      return new Spec(
          stackDir,
          name,
          this.kafka,
          this.elasticsearch,
          kafkaPort,
          kafka,
          elasticsearchPort,
          elasticsearch,
          elasticsearchVersion,
          elasticsearchJavaHome,
          elasticsearchUser,
          mavenRepository,
          startTimeout,
          serverJvmOptions);
    }

    /**
     * With {@code options} added to both servers' JVMs: tests' short-lived servers, for example,
     * compile with C1 only.
     */
    public Spec withServerJvmOptions(List<String> options) {
      return new Spec(
          stackDir,
          name,
          kafka,
          elasticsearch,
          kafkaPort,
          kafkaHeap,
          elasticsearchPort,
          elasticsearchHeap,
          elasticsearchVersion,
          elasticsearchJavaHome,
          elasticsearchUser,
          mavenRepository,
          startTimeout,
          List.copyOf(options));
    }

    /** The broker alone, for callers that never touch Elasticsearch. */
    public Spec withoutElasticsearch() {
      return new Spec(
          stackDir,
          name,
          kafka,
          false,
          kafkaPort,
          kafkaHeap,
          elasticsearchPort,
          elasticsearchHeap,
          elasticsearchVersion,
          elasticsearchJavaHome,
          elasticsearchUser,
          mavenRepository,
          startTimeout,
          serverJvmOptions);
    }

    public Path dir() {
      return stackDir.resolve(name);
    }

    public Spec withName(String other) {
      return new Spec(
          stackDir,
          other,
          kafka,
          elasticsearch,
          kafkaPort,
          kafkaHeap,
          elasticsearchPort,
          elasticsearchHeap,
          elasticsearchVersion,
          elasticsearchJavaHome,
          elasticsearchUser,
          mavenRepository,
          startTimeout,
          serverJvmOptions);
    }
  }

  private final Path dir;
  private final Spec spec;
  private Optional<LocalKafka> kafka;
  private Optional<LocalElasticsearch> elasticsearch;

  private LocalStack(
      Spec spec, Optional<LocalKafka> kafka, Optional<LocalElasticsearch> elasticsearch) {
    this.spec = spec;
    this.dir = spec.dir();
    this.kafka = kafka;
    this.elasticsearch = elasticsearch;
  }

  /**
   * Starts the servers the spec asks for, to end with this process however it ends (SIGTERM,
   * SIGHUP, Ctrl-C or {@code kill -9}). With {@code fresh}, their data from an earlier run of the
   * same name is deleted first (downloads and binaries are kept).
   */
  public static LocalStack start(Spec spec, boolean fresh) {
    return start(spec, fresh, ServerProcess.Lifetime.THIS_PROCESS);
  }

  /**
   * Starts the servers to keep running after this process exits, for later commands to {@link
   * #attach}, until {@link #close()} ({@code vigie stack up}, {@code vigie stack down}). They are
   * still stopped if this process is stopped before they are ready.
   */
  public static LocalStack startInBackground(Spec spec, boolean fresh) {
    return released(start(spec, fresh, ServerProcess.Lifetime.BACKGROUND));
  }

  /**
   * Starts the servers to keep running after this process exits, for later processes to {@link
   * #attach}, until {@code owner} ends, however it ends: the test JVMs of one Maven build share
   * servers owned by Maven's JVM. They are still stopped if this process is stopped before they are
   * ready.
   */
  public static LocalStack startOwnedBy(ProcessHandle owner, Spec spec, boolean fresh) {
    return released(start(spec, fresh, ServerProcess.Lifetime.endingWith(owner)));
  }

  private static LocalStack released(LocalStack stack) {
    stack.kafka.ifPresent(k -> k.process().release());
    stack.elasticsearch.ifPresent(es -> es.process().release());
    return stack;
  }

  private static LocalStack start(Spec spec, boolean fresh, ServerProcess.Lifetime lifetime) {
    Path dir = spec.dir();
    try {
      if (fresh) {
        ElasticsearchDistribution.deleteRecursively(dir);
      }
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new StackException(
          "Cannot prepare "
              + dir
              + ": "
              + e.getMessage()
              + ". Check permissions and free space, or set stack.dir.",
          e);
    }
    long started = System.nanoTime();
    CompletableFuture<Optional<LocalElasticsearch>> es =
        CompletableFuture.supplyAsync(
            () ->
                spec.elasticsearch()
                    ? Optional.of(
                        LocalElasticsearch.start(
                            new LocalElasticsearch.Spec(
                                new ElasticsearchDistribution(
                                    spec.elasticsearchVersion(),
                                    spec.stackDir().resolve("dist"),
                                    spec.mavenRepository()),
                                dir.resolve("elasticsearch"),
                                spec.elasticsearchPort(),
                                spec.elasticsearchHeap(),
                                spec.elasticsearchJavaHome(),
                                spec.elasticsearchUser(),
                                spec.startTimeout(),
                                spec.serverJvmOptions()),
                            lifetime))
                    : Optional.empty());
    Optional<LocalKafka> kafka;
    try {
      kafka =
          spec.kafka()
              ? Optional.of(
                  LocalKafka.start(
                      new LocalKafka.Spec(
                          dir.resolve("kafka"),
                          spec.kafkaPort(),
                          spec.kafkaHeap(),
                          spec.startTimeout(),
                          spec.serverJvmOptions()),
                      lifetime))
              : Optional.empty();
    } catch (RuntimeException e) {
      es.thenAccept(server -> server.ifPresent(LocalElasticsearch::close));
      throw e;
    }
    Optional<LocalElasticsearch> elasticsearch;
    try {
      elasticsearch = es.join();
    } catch (CompletionException e) {
      kafka.ifPresent(LocalKafka::close);
      throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
    }
    LocalStack stack = new LocalStack(spec, kafka, elasticsearch);
    log.info(
        "Local stack ready in {} s: {}",
        Duration.ofNanos(System.nanoTime() - started).toSeconds(),
        stack.describe());
    return stack;
  }

  /**
   * The stack a {@code vigie stack up} left running under this name, when both its servers still
   * answer.
   */
  public static Optional<LocalStack> attach(Spec spec) {
    Path file = spec.dir().resolve(STATE_FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    Properties state = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      state.load(in);
    } catch (IOException e) {
      return Optional.empty();
    }
    Optional<LocalKafka> kafka = Optional.empty();
    Optional<LocalElasticsearch> es = Optional.empty();
    if (state.containsKey("kafka.pid")) {
      kafka =
          LocalKafka.attach(
              spec.dir().resolve("kafka"),
              Long.parseLong(state.getProperty("kafka.pid")),
              Integer.parseInt(state.getProperty("kafka.port")));
      if (kafka.isEmpty()) {
        return Optional.empty();
      }
    }
    if (state.containsKey("elasticsearch.pid")) {
      es =
          LocalElasticsearch.attach(
              spec.dir().resolve("elasticsearch"),
              Long.parseLong(state.getProperty("elasticsearch.pid")),
              Integer.parseInt(state.getProperty("elasticsearch.port")));
      if (es.isEmpty()) {
        return Optional.empty();
      }
    }
    return Optional.of(new LocalStack(spec, kafka, es));
  }

  /** Records pids and ports so that other Vigie processes find this stack. */
  public void saveState() {
    Properties state = new Properties();
    kafka.ifPresent(
        k -> {
          state.setProperty("kafka.pid", Long.toString(k.process().pid()));
          state.setProperty(
              "kafka.port",
              k.bootstrapServers().substring(k.bootstrapServers().lastIndexOf(':') + 1));
        });
    elasticsearch.ifPresent(
        es -> {
          state.setProperty("elasticsearch.pid", Long.toString(es.process().pid()));
          state.setProperty("elasticsearch.port", Integer.toString(es.url().getPort()));
        });
    try (OutputStream out = Files.newOutputStream(dir.resolve(STATE_FILE))) {
      state.store(out, "Local stack started by 'vigie stack up'");
    } catch (IOException e) {
      throw new StackException(
          "Cannot write " + dir.resolve(STATE_FILE) + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<String> bootstrapServers() {
    return kafka.map(LocalKafka::bootstrapServers);
  }

  @Override
  public Optional<URI> elasticsearchUrl() {
    return elasticsearch.map(LocalElasticsearch::url);
  }

  public Optional<LocalKafka> kafka() {
    return kafka;
  }

  public Optional<LocalElasticsearch> elasticsearch() {
    return elasticsearch;
  }

  public boolean isHealthy() {
    return kafka.map(LocalKafka::isHealthy).orElse(true)
        && elasticsearch.map(LocalElasticsearch::isHealthy).orElse(true);
  }

  public String describe() {
    return "Kafka "
        + bootstrapServers().orElse("(configured)")
        + ", Elasticsearch "
        + elasticsearchUrl().map(URI::toString).orElse("(configured)")
        + ", data in "
        + dir;
  }

  /**
   * Starts the broker again on its data and ports after it stopped or was killed, as an operator
   * restarting a crashed broker would; for fault-injection tests.
   */
  public synchronized LocalKafka restartKafka() {
    LocalKafka previous =
        kafka.orElseThrow(() -> new IllegalStateException("this stack runs no Kafka broker"));
    if (previous.process().isAlive()) {
      previous.close();
    }
    LocalKafka restarted =
        LocalKafka.start(
            new LocalKafka.Spec(
                dir.resolve("kafka"),
                spec.kafkaPort(),
                spec.kafkaHeap(),
                spec.startTimeout(),
                spec.serverJvmOptions()));
    kafka = Optional.of(restarted);
    return restarted;
  }

  /**
   * Starts Elasticsearch again on its data and port after it was stopped or died, as an operator
   * would; for fault-injection tests.
   */
  public synchronized LocalElasticsearch restartElasticsearch() {
    LocalElasticsearch previous =
        elasticsearch.orElseThrow(
            () -> new IllegalStateException("this stack runs no Elasticsearch node"));
    if (previous.process().isAlive()) {
      previous.close();
    }
    LocalElasticsearch restarted =
        LocalElasticsearch.start(
            new LocalElasticsearch.Spec(
                new ElasticsearchDistribution(
                    spec.elasticsearchVersion(),
                    spec.stackDir().resolve("dist"),
                    spec.mavenRepository()),
                dir.resolve("elasticsearch"),
                previous.url().getPort(),
                spec.elasticsearchHeap(),
                spec.elasticsearchJavaHome(),
                spec.elasticsearchUser(),
                spec.startTimeout(),
                spec.serverJvmOptions()));
    elasticsearch = Optional.of(restarted);
    return restarted;
  }

  /** Deletes the stack's data folder; call after {@link #close()} for throwaway stacks. */
  public void deleteData() {
    try {
      ElasticsearchDistribution.deleteRecursively(dir);
    } catch (IOException e) {
      log.warn("Cannot delete {}: {}", dir, e.getMessage());
    }
  }

  /** Stops both servers cleanly and forgets the saved state. */
  @Override
  public void close() {
    elasticsearch.ifPresent(LocalElasticsearch::close);
    kafka.ifPresent(LocalKafka::close);
    try {
      Files.deleteIfExists(dir.resolve(STATE_FILE));
    } catch (IOException e) {
      log.warn("Cannot delete {}: {}", dir.resolve(STATE_FILE), e.getMessage());
    }
  }
}
