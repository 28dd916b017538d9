package io.vigie.devtools.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.app.config.ConfigLoader;
import io.vigie.localstack.LocalStack;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StackSpecsTest {

  /**
   * The test kit starts its servers from the local stack's own defaults, without Vigie's
   * configuration: they must stay those of the stack.* keys.
   */
  @Test
  void localStackDefaultsAreThoseOfTheStackConfigurationKeys() {
    assertThat(StackSpecs.from(ConfigLoader.load(Optional.empty(), Map.of(), Map.of()), "x"))
        .isEqualTo(LocalStack.Spec.defaults("x"));
  }

  @Test
  void configuredClustersAreNotStarted() {
    LocalStack.Spec spec =
        StackSpecs.from(
            ConfigLoader.load(
                Optional.empty(),
                Map.of(),
                Map.of(
                    "kafka.bootstrap.servers", "broker:9092",
                    "elasticsearch.urls", "http://es:9200")),
            "x");

    assertThat(spec.kafka()).isFalse();
    assertThat(spec.elasticsearch()).isFalse();
  }

  @Test
  void serverJvmOptionsAreSplitAtSpacesAndKeptByRenaming() {
    LocalStack.Spec spec =
        StackSpecs.from(
            ConfigLoader.load(
                Optional.empty(),
                Map.of(),
                Map.of("stack.server-jvm-options", " -XX:TieredStopAtLevel=1  -Xss512k ")),
            "x");

    assertThat(spec.withName("y").serverJvmOptions())
        .containsExactly("-XX:TieredStopAtLevel=1", "-Xss512k");
  }
}
