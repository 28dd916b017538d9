package io.vigie.ops.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  @TempDir Path dir;

  @Test
  void shouldLayerDefaultsFileEnvironmentAndFlagsInThatOrder() throws Exception {
    Path file = dir.resolve("vigie.properties");
    Files.writeString(file, "topics.prefix=file.\ntopics.partitions=3\nstreams.threads=2\n");

    VigieConfig config =
        ConfigLoader.load(
            Optional.of(file),
            Map.of("VIGIE_TOPICS_PARTITIONS", "4", "VIGIE_STREAMS_THREADS", "3", "HOME", "/root"),
            Map.of("streams.threads", "5"));

    assertThat(config.string(VigieConfig.TOPICS_PREFIX)).isEqualTo("file.");
    assertThat(config.integer(VigieConfig.TOPICS_PARTITIONS)).isEqualTo(4);
    assertThat(config.integer(VigieConfig.STREAMS_THREADS)).isEqualTo(5);
    assertThat(config.string(VigieConfig.STREAMS_GUARANTEE))
        .as("default")
        .isEqualTo("exactly_once_v2");
  }

  @Test
  void shouldPassKafkaKeysThroughWithoutPrefix() {
    VigieConfig config =
        ConfigLoader.load(
            Optional.empty(),
            Map.of("VIGIE_KAFKA_SASL_MECHANISM", "PLAIN"),
            Map.of(
                "kafka.bootstrap.servers", "broker:9092", "kafka.security.protocol", "SASL_SSL"));

    assertThat(config.kafkaProperties())
        .containsEntry("bootstrap.servers", "broker:9092")
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "PLAIN");
    assertThat(config.hasExternalKafka()).isTrue();
  }

  @Test
  void shouldRejectUnknownKeyNamingItsOriginAndTheNearestKey() {
    assertThatThrownBy(
            () -> ConfigLoader.load(Optional.empty(), Map.of(), Map.of("topics.partition", "3")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("topics.partition")
        .hasMessageContaining("--set")
        .hasMessageContaining("did you mean 'topics.partitions'");
  }

  @Test
  void shouldRejectUnknownEnvironmentVariableWithVigiePrefix() {
    assertThatThrownBy(
            () ->
                ConfigLoader.load(Optional.empty(), Map.of("VIGIE_TOPICS_PARTITON", "3"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("VIGIE_TOPICS_PARTITON");
  }

  @Test
  void shouldIgnoreLauncherVariables() {
    VigieConfig config =
        ConfigLoader.load(Optional.empty(), Map.of("VIGIE_JAVA_OPTS", "-Xmx1g"), Map.of());
    assertThat(config.integer(VigieConfig.TOPICS_PARTITIONS)).isEqualTo(6);
  }

  @Test
  void shouldRejectInvalidValueWithTheKeyAndTheRule() {
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    Optional.empty(),
                    Map.of(),
                    Map.of("streams.processing-guarantee", "exactly_once")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("streams.processing-guarantee")
        .hasMessageContaining("exactly_once_v2");
    assertThatThrownBy(
            () ->
                ConfigLoader.load(Optional.empty(), Map.of(), Map.of("topics.partitions", "zero")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("topics.partitions");
  }

  @Test
  void shouldRejectMissingFile() {
    assertThatThrownBy(
            () ->
                ConfigLoader.load(Optional.of(dir.resolve("nope.properties")), Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("nope.properties");
  }

  @Test
  void shouldNeverShowSecrets() {
    VigieConfig config =
        ConfigLoader.load(
            Optional.empty(),
            Map.of("VIGIE_ELASTICSEARCH_API_KEY", "c2VjcmV0"),
            Map.of(
                "kafka.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required password=\"p\";",
                "elasticsearch.urls",
                "https://es:9200"));

    assertThat(config.describe().toString())
        .doesNotContain("c2VjcmV0")
        .doesNotContain("password=\"p\"");
    assertThat(config.elasticsearchSettings(Optional.empty()).toString())
        .doesNotContain("c2VjcmV0")
        .contains("api-key");
    assertThat(config.elasticsearchSettings(Optional.empty()).apiKey()).isEqualTo("c2VjcmV0");
  }

  @Test
  void shouldExplainHowToGetAClusterWhenNoneIsConfigured() {
    assertThatThrownBy(() -> VigieConfig.defaults().kafkaProperties(Optional.empty()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("vigie stack up");
  }
}
