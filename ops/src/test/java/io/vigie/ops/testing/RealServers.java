package io.vigie.ops.testing;

import io.vigie.ops.config.ConfigLoader;
import io.vigie.ops.config.VigieConfig;
import io.vigie.ops.stack.LocalStack;
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

  /**
   * Small heaps: several stacks may run at once on a 2-core CI machine. Twenty years of topic
   * retention: tests publish posts dated 2013, and Kafka deletes records whose timestamp is older
   * than the retention as soon as their segment rolls.
   */
  public static final Map<String, String> TEST_SETTINGS =
      Map.of(
          VigieConfig.STACK_ES_HEAP, "512m",
          VigieConfig.STACK_KAFKA_HEAP, "384m",
          VigieConfig.TOPICS_RETENTION_HOURS, Integer.toString(20 * 365 * 24));

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
        shared = build.get().attachOrStart(LocalStack.Spec.from(config(), "it-build"));
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
   * The test configuration: defaults plus small heaps (and whatever VIGIE_* the environment sets).
   */
  public static VigieConfig config() {
    return ConfigLoader.load(Optional.empty(), Map.of(), TEST_SETTINGS);
  }

  private static LocalStack start(String name) {
    return LocalStack.start(LocalStack.Spec.from(config(), name), true);
  }
}
