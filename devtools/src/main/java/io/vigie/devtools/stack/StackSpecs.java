package io.vigie.devtools.stack;

import io.vigie.app.config.VigieConfig;
import io.vigie.localstack.LocalStack;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The local stack that Vigie's {@code stack.*} configuration asks for. */
public final class StackSpecs {

  private StackSpecs() {}

  /** The servers to start under {@code name}; those configured externally are not started. */
  public static LocalStack.Spec from(VigieConfig config, String name) {
    String javaHome = config.string(VigieConfig.STACK_ES_JAVA_HOME);
    return new LocalStack.Spec(
        config.stackDir(),
        name,
        !config.hasExternalKafka(),
        !config.hasExternalElasticsearch(),
        config.integer(VigieConfig.STACK_KAFKA_PORT),
        config.string(VigieConfig.STACK_KAFKA_HEAP),
        config.integer(VigieConfig.STACK_ES_PORT),
        config.string(VigieConfig.STACK_ES_HEAP),
        config.string(VigieConfig.STACK_ES_VERSION),
        javaHome.isBlank() ? Optional.empty() : Optional.of(Path.of(javaHome)),
        config.string(VigieConfig.STACK_ES_USER),
        URI.create(config.string(VigieConfig.STACK_MAVEN_REPOSITORY)),
        Duration.ofSeconds(config.integer(VigieConfig.STACK_START_TIMEOUT)),
        serverJvmOptions(config));
  }

  private static List<String> serverJvmOptions(VigieConfig config) {
    String options = config.string(VigieConfig.STACK_SERVER_JVM_OPTIONS).strip();
    return options.isEmpty() ? List.of() : List.of(options.split("\\s+"));
  }
}
