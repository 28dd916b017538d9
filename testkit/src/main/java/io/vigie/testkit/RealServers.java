package io.vigie.testkit;

import io.vigie.localstack.LocalStack;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives integration tests a real Kafka broker and a real Elasticsearch node, started by Vigie's own
 * local-stack code. {@code @ExtendWith(RealServers.class)} and a {@link LocalStack} parameter give
 * the instance shared by every test of the JVM, started on first use and stopped when the JVM
 * exits. Tests that stop, kill or pause a server start a {@link #dedicated} stack of their own and
 * close it themselves.
 */
public final class RealServers implements ParameterResolver {

  private static final String KAFKA_HEAP = "384m";
  private static final String ELASTICSEARCH_HEAP = "512m";

  /**
   * The test servers compile with C1 only: they live minutes, on a build that keeps every core
   * busy, where the C2 compiler's work is time the tests wait for (Elasticsearch took about a third
   * less CPU to start).
   */
  public static final List<String> SERVER_JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1");

  /**
   * Twenty years of topic retention: tests publish posts dated 2013, and Kafka deletes records
   * whose timestamp is older than the retention as soon as their segment rolls.
   */
  public static final Duration TOPIC_RETENTION = Duration.ofDays(20 * 365);

  /**
   * The configuration keys tests set, by name (the kit knows no module's configuration classes).
   * Small heaps: several stacks may run at once on a 2-core CI machine; servers compiling with C1
   * only ({@link #SERVER_JVM_OPTIONS}); {@link #TOPIC_RETENTION}.
   */
  public static final Map<String, String> TEST_SETTINGS =
      Map.of(
          "stack.elasticsearch.heap",
          ELASTICSEARCH_HEAP,
          "stack.kafka.heap",
          KAFKA_HEAP,
          "stack.server-jvm-options",
          String.join(" ", SERVER_JVM_OPTIONS),
          "topics.retention-hours",
          Long.toString(TOPIC_RETENTION.toHours()));

  private static LocalStack shared;

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == LocalStack.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return shared();
  }

  /**
   * The JVM's shared stack, started on first use. It lives as long as the JVM rather than a JUnit
   * run: with several test JVMs, Failsafe starts one JUnit run per test class, and a stack per
   * class would cost a minute each. Its servers stop with the JVM anyway (they watch their parent);
   * the hook stops them cleanly and deletes their data. When the build asks for it, the stack is
   * the {@link BuildScopedStack} that every test JVM of the build shares instead.
   */
  private static synchronized LocalStack shared() {
    if (shared == null) {
      Optional<BuildScopedStack> build = BuildScopedStack.configured();
      if (build.isPresent()) {
        shared = build.get().attachOrStart(spec("it-build"));
        return shared;
      }
      LocalStack stack = start("it-shared-" + ProcessHandle.current().pid());
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    stack.close();
                    stack.deleteData();
                  },
                  "it-shared-stack-stop"));
      shared = stack;
    }
    return shared;
  }

  /** A stack only for the caller, which must close it. */
  public static LocalStack dedicated(String name) {
    return start("it-" + name + "-" + ProcessHandle.current().pid());
  }

  /**
   * A broker only for the caller, which must close it: half a minute of Elasticsearch start saved
   * where a test crashes the broker and never indexes.
   */
  public static LocalStack dedicatedKafka(String name) {
    return LocalStack.start(
        spec("it-" + name + "-" + ProcessHandle.current().pid()).withoutElasticsearch(), true);
  }

  private static LocalStack start(String name) {
    return LocalStack.start(spec(name), true);
  }

  /** The default stack with the tests' small heaps and {@link #SERVER_JVM_OPTIONS}. */
  public static LocalStack.Spec spec(String name) {
    return LocalStack.Spec.defaults(name)
        .withHeaps(KAFKA_HEAP, ELASTICSEARCH_HEAP)
        .withServerJvmOptions(SERVER_JVM_OPTIONS);
  }
}
