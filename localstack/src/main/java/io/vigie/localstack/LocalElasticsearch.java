package io.vigie.localstack;

import io.vigie.core.http.Ports;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Elasticsearch server from the Maven Central distribution, bound to 127.0.0.1,
 * security off, disk watermarks off (small test disks must not turn indices read-only), its data,
 * logs and configuration in its own folder. Elasticsearch refuses to run as root: when Vigie runs
 * as root, the server runs as an unprivileged system user, created on first use. It needs a JDK
 * 21+, found by {@link JavaRuntimes}.
 */
public final class LocalElasticsearch implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LocalElasticsearch.class);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** Where and how to run the server. */
  public record Spec(
      ElasticsearchDistribution distribution,
      Path dir,
      int port,
      String heap,
      Optional<Path> javaHome,
      String unprivilegedUser,
      Duration startTimeout,
      List<String> jvmOptions) {

    public Spec(
        ElasticsearchDistribution distribution,
        Path dir,
        int port,
        String heap,
        Optional<Path> javaHome,
        String unprivilegedUser,
        Duration startTimeout) {
      this(distribution, dir, port, heap, javaHome, unprivilegedUser, startTimeout, List.of());
    }
  }

  private final ServerProcess process;
  private final int port;
  private final Path dir;
  private final Optional<SecuredHttp> security;

  private LocalElasticsearch(
      ServerProcess process, int port, Path dir, Optional<SecuredHttp> security) {
    this.process = process;
    this.port = port;
    this.dir = dir;
    this.security = security;
  }

  /** How long Elasticsearch may take to stop cleanly before it is killed. */
  private static final Duration STOP_GRACE = Duration.ofSeconds(60);

  public static LocalElasticsearch start(Spec spec) {
    return start(spec, Optional.empty(), ServerProcess.Lifetime.THIS_PROCESS);
  }

  /** Starts the server to live as long as {@code lifetime} says. */
  static LocalElasticsearch start(Spec spec, ServerProcess.Lifetime lifetime) {
    return start(spec, Optional.empty(), lifetime);
  }

  /**
   * Starts the server with security on, as a production cluster runs: HTTPS with a self-signed
   * certificate made for this folder, the built-in {@code elastic} user with {@code
   * elasticPassword}, and {@code users} with the roles of {@code rolesYaml} (the {@code roles.yml}
   * format). Clients trust the certificate by its fingerprint ({@link #certificateFingerprint()}).
   */
  public static LocalElasticsearch startSecured(
      Spec spec, String elasticPassword, String rolesYaml, List<FileUser> users) {
    return start(
        spec,
        Optional.of(new SecuredHttp.Secrets(elasticPassword, rolesYaml, users)),
        ServerProcess.Lifetime.THIS_PROCESS);
  }

  /**
   * A user of the node's file realm, with one role of {@code roles.yml}: what works on this
   * distribution, whose missing analysis modules keep the {@code .security} index (native users,
   * API keys) from being created.
   */
  public record FileUser(String name, String password, String role) {}

  private static LocalElasticsearch start(
      Spec spec, Optional<SecuredHttp.Secrets> secrets, ServerProcess.Lifetime lifetime) {
    JavaRuntimes.Runtime java = JavaRuntimes.find(21, spec.javaHome(), System.getenv());
    Path home = spec.distribution().home();
    int port = Ports.choose(spec.port(), "Elasticsearch", "stack.elasticsearch.port");
    int transportPort = Ports.freePort();
    Path config = spec.dir().resolve("config");
    Path data = spec.dir().resolve("data");
    Path logs = spec.dir().resolve("logs");
    Path tmp = spec.dir().resolve("tmp");
    try {
      for (Path folder : List.of(data, logs, tmp)) {
        Files.createDirectories(folder);
      }
      if (!Files.exists(config.resolve("elasticsearch.yml"))) {
        copyConfig(home.resolve("config"), config);
      }
    } catch (IOException e) {
      throw new StackException(
          "Cannot prepare " + spec.dir() + " for Elasticsearch: " + e.getMessage(), e);
    }

    Optional<SecuredHttp> security =
        secrets.map(given -> SecuredHttp.create(config, java.home(), given));
    List<String> asServer = new ArrayList<>();
    if (Users.isRoot()) {
      Users.ensureSystemUser(spec.unprivilegedUser());
      Users.chown(spec.unprivilegedUser(), spec.dir());
      Users.checkCanRead(spec.unprivilegedUser(), home.resolve("bin/elasticsearch"), "stack.dir");
      Users.checkCanRead(spec.unprivilegedUser(), java.java(), "stack.elasticsearch.java-home");
      asServer.addAll(List.of("runuser", "-u", spec.unprivilegedUser(), "--"));
    }
    asServer.add("env");
    asServer.add("ES_JAVA_HOME=" + java.home());
    asServer.add("ES_PATH_CONF=" + config);
    asServer.add("ES_TMPDIR=" + tmp);
    if (security.isPresent()) {
      security.get().writeSecrets(asServer, home);
    }
    List<String> command = new ArrayList<>(asServer);
    List<String> jvm = new ArrayList<>(List.of("-Xms" + spec.heap(), "-Xmx" + spec.heap()));
    jvm.addAll(spec.jvmOptions());
    command.add("ES_JAVA_OPTS=" + String.join(" ", jvm));
    command.add(home.resolve("bin/elasticsearch").toString());
    List<String> settings =
        new ArrayList<>(
            List.of(
                "cluster.name=vigie-local",
                "node.name=vigie-local",
                "discovery.type=single-node",
                "network.host=127.0.0.1",
                "http.port=" + port,
                "transport.port=" + transportPort,
                "path.data=" + data,
                "path.logs=" + logs,
                "cluster.routing.allocation.disk.threshold_enabled=false"));
    settings.addAll(
        security.isPresent() ? SecuredHttp.SETTINGS : List.of("xpack.security.enabled=false"));
    for (String setting : settings) {
      command.add("-E");
      command.add(setting);
    }

    log.info(
        "Starting Elasticsearch {} on 127.0.0.1:{} with Java {} ({})",
        home.getFileName(),
        port,
        java.feature(),
        java.home());
    // Elasticsearch's launcher runs the server as a child of its own, possibly as another user: a
    // watcher process of Vigie's stops that whole tree if the process its lifetime ends with dies
    // without stopping it.
    ServerProcess process =
        ServerProcess.start(
            "Elasticsearch",
            lifetime.command(STOP_GRACE, command),
            Map.of(),
            spec.dir(),
            spec.dir().resolve("elasticsearch.log"),
            STOP_GRACE);
    LocalElasticsearch server = new LocalElasticsearch(process, port, spec.dir(), security);
    process.awaitReady(
        "Elasticsearch",
        server::isHealthy,
        spec.startTimeout(),
        " (raise stack.start-timeout-seconds on a slow machine)");
    return server;
  }

  /** A server started by an earlier {@code vigie stack up}, if it still runs. */
  static Optional<LocalElasticsearch> attach(Path dir, long pid, int port) {
    return ServerProcess.attach("Elasticsearch", pid, dir.resolve("elasticsearch.log"))
        .map(p -> new LocalElasticsearch(p, port, dir, Optional.empty()));
  }

  public URI url() {
    return URI.create((security.isPresent() ? "https" : "http") + "://127.0.0.1:" + port);
  }

  /**
   * The SHA-256 fingerprint of the server's self-signed certificate (hex), for {@code
   * elasticsearch.ca-fingerprint}; only when started with {@link #startSecured}.
   */
  public Optional<String> certificateFingerprint() {
    return security.map(SecuredHttp::fingerprint);
  }

  public ServerProcess process() {
    return process;
  }

  /**
   * True when the cluster health is green or yellow. ({@code GET /} answers 405 on this
   * distribution.)
   */
  public boolean isHealthy() {
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(url().resolve("/_cluster/health")).timeout(Duration.ofSeconds(3));
      security.ifPresent(s -> request.header("Authorization", s.basicAuthorization()));
      HttpResponse<String> response =
          security
              .map(SecuredHttp::client)
              .orElse(HTTP)
              .send(request.build(), HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 && !response.body().contains("\"status\":\"red\"");
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public void close() {
    process.stop(STOP_GRACE);
  }

  private static void copyConfig(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.walk(from)) {
      for (Path source : files.toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    }
  }
}
