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
 * the instance shared by every test of the JVM, started on first use and stopped when the test run
 * ends. Tests that stop, kill or pause a server start a {@link #dedicated} stack of their own and
 * close it themselves.
 */
public final class RealServers implements ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(RealServers.class);

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

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == LocalStack.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            "shared",
            key -> new Shared(start("it-shared-" + ProcessHandle.current().pid())),
            Shared.class)
        .stack();
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

  /** Stops the shared stack when JUnit closes the root context, at the end of the run. */
  private record Shared(LocalStack stack)
      implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    @Override
    public void close() {
      stack.close();
      stack.deleteData();
    }
  }
}
