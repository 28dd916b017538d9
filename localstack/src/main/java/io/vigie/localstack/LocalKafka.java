package io.vigie.localstack;

import io.vigie.core.http.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A real single-node Kafka broker in KRaft combined mode (broker and controller in one process),
 * run as {@code kafka.Kafka} in a child JVM from the {@code kafka_2.13} jars on Vigie's own
 * classpath, bound to 127.0.0.1. Its folder keeps the configuration, the formatted log directory
 * and {@code broker.log}.
 */
public final class LocalKafka implements AutoCloseable {

  /** Where and how to run the broker, {@code jvmOptions} added to its JVM's command line. */
  public record Spec(
      Path dir, int port, String heap, Duration startTimeout, List<String> jvmOptions) {

    public Spec(Path dir, int port, String heap, Duration startTimeout) {
      this(dir, port, heap, startTimeout, List.of());
    }
  }

  /** Logback configuration (a classpath resource) of the child JVM: INFO to the broker log. */
  static final String SERVER_LOGBACK = "io/vigie/localstack/server-logback.xml";

  /** How long a controlled shutdown may take before the broker is killed. */
  private static final Duration STOP_GRACE = Duration.ofSeconds(30);

  private final ServerProcess process;
  private final int port;
  private final Path dir;
  private final Optional<Secured> secure;

  private LocalKafka(ServerProcess process, int port, Path dir, Optional<Secured> secure) {
    this.process = process;
    this.port = port;
    this.dir = dir;
    this.secure = secure;
  }

  /**
   * A second listener, SASL_SSL with the PLAIN mechanism, for one user: how a secured production
   * cluster is reached. The broker's own traffic stays on the plaintext listener.
   */
  public record SaslSslListener(String user, String password) {}

  /** Formats the log directory if new, starts the broker and waits until it answers. */
  public static LocalKafka start(Spec spec) {
    return start(spec, Optional.empty(), ServerProcess.Lifetime.THIS_PROCESS);
  }

  /** Starts the broker to live as long as {@code lifetime} says. */
  static LocalKafka start(Spec spec, ServerProcess.Lifetime lifetime) {
    return start(spec, Optional.empty(), lifetime);
  }

  /**
   * Starts the broker with a {@link SaslSslListener} beside the plaintext one, its certificate
   * self-signed ({@link #certificate()}).
   */
  public static LocalKafka startWithSaslSsl(Spec spec, SaslSslListener listener) {
    return start(spec, Optional.of(listener), ServerProcess.Lifetime.THIS_PROCESS);
  }

  private static LocalKafka start(
      Spec spec, Optional<SaslSslListener> secured, ServerProcess.Lifetime lifetime) {
    try {
      Files.createDirectories(spec.dir());
    } catch (IOException e) {
      throw new StackException("Cannot create " + spec.dir() + ": " + e.getMessage(), e);
    }
    // A restart reuses the ports of the previous start, so that clients and the KRaft quorum find
    // it again.
    Properties previous = previousConfig(spec.dir());
    int port =
        Ports.choose(
            spec.port() != 0
                ? spec.port()
                : portOf(previous, "advertised.listeners", "PLAINTEXT://"),
            "Kafka",
            "stack.kafka.port");
    int controllerPort =
        Ports.choose(
            portOf(previous, "controller.quorum.voters", "1@127.0.0.1:"),
            "the Kafka controller",
            "stack.kafka.port");
    Optional<Secured> secure =
        secured.map(
            listener ->
                new Secured(
                    listener,
                    Ports.choose(
                        portOf(previous, "advertised.listeners", "SASL_SSL://"),
                        "the Kafka SASL_SSL listener",
                        "stack.kafka.port"),
                    SelfSignedCertificate.in(
                        spec.dir().resolve("broker.p12"),
                        Path.of(System.getProperty("java.home")))));
    Path config = writeConfig(spec.dir(), port, controllerPort, secure);
    Path data = spec.dir().resolve("data");
    Path log = spec.dir().resolve("broker.log");
    if (!Files.exists(data.resolve("meta.properties"))) {
      format(spec, config, log);
    }
    List<String> command = java(spec.heap(), spec.jvmOptions(), "kafka.Kafka", lifetime);
    command.add(config.toString());
    ServerProcess process =
        ServerProcess.start("Kafka broker", command, Map.of(), spec.dir(), log, STOP_GRACE);
    LocalKafka kafka = new LocalKafka(process, port, spec.dir(), secure);
    process.awaitReady("The Kafka broker", kafka::isHealthy, spec.startTimeout(), "");
    return kafka;
  }

  /** A broker started by an earlier {@code vigie stack up}, if it still runs. */
  static Optional<LocalKafka> attach(Path dir, long pid, int port) {
    return ServerProcess.attach("Kafka broker", pid, dir.resolve("broker.log"))
        .map(p -> new LocalKafka(p, port, dir, Optional.empty()));
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  /** The SASL_SSL listener's address, when started with one. */
  public Optional<String> saslSslBootstrapServers() {
    return secure.map(s -> "127.0.0.1:" + s.port());
  }

  /** The SASL_SSL listener's self-signed certificate, when started with one. */
  public Optional<SelfSignedCertificate> certificate() {
    return secure.map(Secured::certificate);
  }

  private record Secured(SaslSslListener listener, int port, SelfSignedCertificate certificate) {}

  public ServerProcess process() {
    return process;
  }

  public Path dir() {
    return dir;
  }

  /** True when the broker answers a metadata request. */
  public boolean isHealthy() {
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                3000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                3000))) {
      admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  @Override
  public void close() {
    process.stop(STOP_GRACE);
  }

  private static Properties previousConfig(Path dir) {
    Properties props = new Properties();
    Path file = dir.resolve("server.properties");
    if (Files.isRegularFile(file)) {
      try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        props.load(in);
      } catch (IOException e) {
        throw new StackException("Cannot read " + file + ": " + e.getMessage(), e);
      }
    }
    return props;
  }

  /**
   * The port of the entry starting with {@code prefix} in a previous configuration value such as
   * {@code PLAINTEXT://127.0.0.1:9092,SASL_SSL://127.0.0.1:9093}, or 0.
   */
  private static int portOf(Properties previous, String key, String prefix) {
    for (String value : previous.getProperty(key, "").split(",")) {
      if (value.startsWith(prefix)) {
        String rest = value.substring(prefix.length());
        return Integer.parseInt(
            rest.substring(rest.lastIndexOf(':') + 1).replaceAll("[^0-9].*", ""));
      }
    }
    return 0;
  }

  private static Path writeConfig(
      Path dir, int port, int controllerPort, Optional<Secured> secure) {
    Properties props = new Properties();
    props.put("process.roles", "broker,controller");
    props.put("node.id", "1");
    props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    props.put(
        "listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    props.put("controller.listener.names", "CONTROLLER");
    props.put("inter.broker.listener.name", "PLAINTEXT");
    props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    props.put("log.dirs", dir.resolve("data").toString());
    // One broker: every internal topic has a single replica.
    props.put("offsets.topic.replication.factor", "1");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("share.coordinator.state.topic.replication.factor", "1");
    props.put("share.coordinator.state.topic.min.isr", "1");
    props.put("default.replication.factor", "1");
    props.put("num.partitions", "1");
    props.put("auto.create.topics.enable", "false");
    props.put("group.initial.rebalance.delay.ms", "0");
    secure.ifPresent(
        s -> {
          props.put("listeners", props.get("listeners") + ",SASL_SSL://127.0.0.1:" + s.port());
          props.put(
              "advertised.listeners",
              props.get("advertised.listeners") + ",SASL_SSL://127.0.0.1:" + s.port());
          props.put(
              "listener.security.protocol.map",
              props.get("listener.security.protocol.map") + ",SASL_SSL:SASL_SSL");
          props.put("listener.name.sasl_ssl.sasl.enabled.mechanisms", "PLAIN");
          props.put(
              "listener.name.sasl_ssl.plain.sasl.jaas.config",
              "org.apache.kafka.common.security.plain.PlainLoginModule required user_"
                  + s.listener().user()
                  + "=\""
                  + s.listener().password()
                  + "\";");
          props.put("listener.name.sasl_ssl.ssl.keystore.type", "PKCS12");
          props.put(
              "listener.name.sasl_ssl.ssl.keystore.location",
              s.certificate().keystore().toString());
          props.put("listener.name.sasl_ssl.ssl.keystore.password", s.certificate().password());
          props.put("listener.name.sasl_ssl.ssl.key.password", s.certificate().password());
        });
    Path file = dir.resolve("server.properties");
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      props.store(out, "Written by Vigie's local stack; rewritten at every start");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  private static void format(Spec spec, Path config, Path log) {
    List<String> command =
        java(
            "256m",
            spec.jvmOptions(),
            "kafka.tools.StorageTool",
            ServerProcess.Lifetime.THIS_PROCESS);
    command.addAll(List.of("format", "-t", Uuid.randomUuid().toString(), "-c", config.toString()));
    ServerProcess format =
        ServerProcess.start(
            "Kafka storage format", command, Map.of(), spec.dir(), log, Duration.ofSeconds(10));
    int exit = format.awaitExit(Duration.ofMinutes(2));
    if (exit != 0) {
      throw new StackException(
          "Formatting the Kafka log directory failed (exit "
              + exit
              + "). End of "
              + log
              + ":\n"
              + format.tail(20));
    }
  }

  /**
   * The command prefix that runs {@code mainClass} from Vigie's classpath in a new JVM, watching
   * the process its {@code lifetime} ends with, if any.
   */
  static List<String> java(
      String heap, List<String> jvmOptions, String mainClass, ServerProcess.Lifetime lifetime) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xms" + heap);
    command.add("-Xmx" + heap);
    command.add("-XX:+UseG1GC");
    command.addAll(jvmOptions);
    command.add("-Djava.awt.headless=true");
    command.add("-Dlogback.configurationFile=" + SERVER_LOGBACK);
    command.add("-cp");
    command.add(ChildProcesses.classPath());
    command.addAll(lifetime.main(mainClass));
    return command;
  }
}
