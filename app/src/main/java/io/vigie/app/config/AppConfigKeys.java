package io.vigie.app.config;

import static io.vigie.core.config.ConfigValidators.matching;

import io.vigie.core.config.ConfigValues;
import java.nio.file.Path;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * The launcher's own keys: the local stack ({@code stack.*}), where logs go ({@code log.*}) and the
 * ingest commands' metrics endpoint ({@code metrics.*}).
 */
final class AppConfigKeys {

  public static final String STACK_DIR = "stack.dir";
  public static final String STACK_KAFKA_PORT = "stack.kafka.port";
  public static final String STACK_KAFKA_HEAP = "stack.kafka.heap";
  public static final String STACK_ES_PORT = "stack.elasticsearch.port";
  public static final String STACK_ES_HEAP = "stack.elasticsearch.heap";
  public static final String STACK_ES_VERSION = "stack.elasticsearch.version";
  public static final String STACK_ES_JAVA_HOME = "stack.elasticsearch.java-home";
  public static final String STACK_ES_USER = "stack.elasticsearch.user";
  public static final String STACK_MAVEN_REPOSITORY = "stack.maven-repository";
  public static final String STACK_START_TIMEOUT = "stack.start-timeout-seconds";
  public static final String STACK_SERVER_JVM_OPTIONS = "stack.server-jvm-options";

  public static final String LOG_FILE = "log.file";

  public static final String METRICS_HOST = "metrics.host";
  public static final String METRICS_PORT = "metrics.port";

  private static final String HEAP_PATTERN = "\\d+[mMgG]";

  private AppConfigKeys() {}

  /** Adds the {@code stack.*} keys. */
  static ConfigDef defineStack(ConfigDef definition) {
    return definition
        .define(
            STACK_DIR,
            Type.STRING,
            "",
            Importance.MEDIUM,
            "Folder of the local stack: downloads, binaries, server data and logs. Empty: /var/tmp/vigie-<user>.")
        .define(
            STACK_KAFKA_PORT,
            Type.INT,
            0,
            Range.between(0, 65535),
            Importance.LOW,
            "Port of the local Kafka broker on 127.0.0.1; 0 picks a free one.")
        .define(
            STACK_KAFKA_HEAP,
            Type.STRING,
            "512m",
            matching(HEAP_PATTERN),
            Importance.LOW,
            "Heap of the local Kafka broker, e.g. 512m or 1g.")
        .define(
            STACK_ES_PORT,
            Type.INT,
            0,
            Range.between(0, 65535),
            Importance.LOW,
            "HTTP port of the local Elasticsearch on 127.0.0.1; 0 picks a free one.")
        .define(
            STACK_ES_HEAP,
            Type.STRING,
            "1g",
            matching(HEAP_PATTERN),
            Importance.LOW,
            "Heap of the local Elasticsearch, e.g. 512m or 1g.")
        .define(
            STACK_ES_VERSION,
            Type.STRING,
            "9.2.0",
            matching("\\d+\\.\\d+\\.\\d+"),
            Importance.LOW,
            "Version of the Elasticsearch distribution the local stack downloads from Maven Central.")
        .define(
            STACK_ES_JAVA_HOME,
            Type.STRING,
            "",
            Importance.LOW,
            "JDK 21+ for the local Elasticsearch. Empty: ES_JAVA_HOME, JAVA_HOME, this JVM, then /usr/lib/jvm.")
        .define(
            STACK_ES_USER,
            Type.STRING,
            "vigie-es",
            matching("[a-z_][a-z0-9_-]{0,31}"),
            Importance.LOW,
            "Unprivileged system user that runs the local Elasticsearch when Vigie runs as root (created if missing).")
        .define(
            STACK_MAVEN_REPOSITORY,
            Type.STRING,
            "https://repo.maven.apache.org/maven2",
            Importance.LOW,
            "Maven repository the Elasticsearch distribution is downloaded from when it is not in the local Maven repository.")
        .define(
            STACK_START_TIMEOUT,
            Type.INT,
            180,
            Range.atLeast(10),
            Importance.LOW,
            "How long the local stack may take to become ready, in seconds.")
        .define(
            STACK_SERVER_JVM_OPTIONS,
            Type.STRING,
            "",
            Importance.LOW,
            "JVM options added to the local broker's and Elasticsearch's, separated by spaces. Vigie's integration tests set -XX:TieredStopAtLevel=1: their servers live minutes on busy cores, and Elasticsearch then starts with about a third less CPU. Leave it empty to benchmark: the servers' sustained speed needs the C2 compiler.");
  }

  /** Adds {@code log.file} and the metrics endpoint's address. */
  static ConfigDef defineLogAndMetrics(ConfigDef definition) {
    return definition
        .define(
            LOG_FILE,
            Type.STRING,
            "",
            Importance.MEDIUM,
            "Where client and library logs go: a file, stdout or stderr. Empty: stdout for services (streams, index, alerts, ingest followers), else a new file under <stack.dir>/logs whose path the command prints.")
        .define(
            METRICS_HOST,
            Type.STRING,
            "127.0.0.1",
            Importance.MEDIUM,
            "Address the metrics endpoint (/metrics, /health) binds to; 0.0.0.0 for every interface.")
        .define(
            METRICS_PORT,
            Type.INT,
            -1,
            Range.between(-1, 65535),
            Importance.MEDIUM,
            "Port of the metrics endpoint of ingest commands (Prometheus text format); -1 serves none, 0 picks a free one. The webhook serves its metrics on its own port.");
  }

  /** The local stack's folder: the configured one, else /var/tmp/vigie-<user>. */
  static Path stackDir(ConfigValues values) {
    String configured = values.string(STACK_DIR);
    if (!configured.isBlank()) {
      return Path.of(configured).toAbsolutePath();
    }
    return Path.of("/var/tmp", "vigie-" + System.getProperty("user.name", "user"));
  }
}
