package io.vigie.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
  void shouldHandWhatPagesAndWhatJoinsIncidentsToTheDetectors() {
    VigieConfig config =
        ConfigLoader.load(
            Optional.empty(),
            Map.of(),
            Map.of(
                "detect.paging.min-excess-crisis", "20",
                "detect.paging.min-excess-term", "7.5",
                "detect.incidents.common-term-share", "0.01"));

    var incidents = config.detectionSettings().incidents();
    assertThat(incidents.paging().crisisMinExcess()).isEqualTo(20.0);
    assertThat(incidents.paging().termMinExcess()).isEqualTo(7.5);
    assertThat(incidents.paging().ruleMinExcess())
        .isEqualTo(VigieConfig.defaults().detectionSettings().incidents().paging().ruleMinExcess());
    assertThat(incidents.commonTermShare()).isEqualTo(0.01);
  }

  @Test
  void shouldWriteTheUniquePostsTopicOnlyWhenAskedAndSpreadSubjectsOverTheTopicsPartitions() {
    var defaults = VigieConfig.defaults().topologySettings();
    var configured =
        ConfigLoader.load(
                Optional.empty(),
                Map.of(),
                Map.of("streams.unique-topic.enabled", "true", "topics.partitions", "12"))
            .topologySettings();

    assertThat(defaults.uniquePostsTopic()).isFalse();
    assertThat(defaults.subjectPartitions()).isEqualTo(6);
    assertThat(configured.uniquePostsTopic()).isTrue();
    assertThat(configured.subjectPartitions()).isEqualTo(12);
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

  @Test
  void shouldRefuseMistypedKafkaKeyWithTheNearestClientKey() {
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    Optional.empty(), Map.of(), Map.of("kafka.bootstrap.server", "broker:9092")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'kafka.bootstrap.server' in --set")
        .hasMessageContaining("did you mean 'kafka.bootstrap.servers'?");
  }

  @Test
  void shouldRefuseMistypedKafkaKeyFromTheEnvironment() {
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    Optional.empty(), Map.of("VIGIE_KAFKA_SECURITY_PROTOCAL", "SSL"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'kafka.security.protocal' in the environment")
        .hasMessageContaining("did you mean 'kafka.security.protocol'?");
  }

  @Test
  void shouldRefuseMistypedKafkaKeyFromTheFileWithoutShowingItsValue() throws Exception {
    Path file = dir.resolve("vigie.properties");
    Files.writeString(file, "kafka.sasl.jaas.confg=PlainLoginModule required password=\"p\";\n");

    assertThatThrownBy(() -> ConfigLoader.load(Optional.of(file), Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'kafka.sasl.jaas.confg' in file " + file)
        .hasMessageContaining("did you mean 'kafka.sasl.jaas.config'?")
        .hasMessageNotContaining("password");
  }

  @Test
  void shouldRefuseKeyOfAnotherClientUnderAClientScope() {
    // max.poll.records is a consumer key: under producer. Kafka would ignore it with a warning.
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    Optional.empty(), Map.of(), Map.of("kafka.producer.max.poll.records", "10")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("kafka.producer.max.poll.records");
  }

  @Test
  void shouldRefuseMistypedKafkaKeySetProgrammatically() {
    assertThatThrownBy(() -> VigieConfig.defaults().with("kafka.producer.lingr.ms", "5"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("did you mean 'kafka.producer.linger.ms'?");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "kafka.bootstrap.servers",
        "kafka.security.protocol",
        "kafka.sasl.mechanism",
        "kafka.sasl.jaas.config",
        "kafka.ssl.truststore.location",
        "kafka.ssl.endpoint.identification.algorithm",
        "kafka.linger.ms",
        "kafka.max.poll.records",
        "kafka.commit.interval.ms",
        "kafka.producer.linger.ms",
        "kafka.consumer.max.poll.records",
        "kafka.main.consumer.fetch.max.bytes",
        "kafka.restore.consumer.max.poll.records",
        "kafka.global.consumer.fetch.min.bytes",
        "kafka.admin.retries",
        "kafka.topic.min.insync.replicas",
        "kafka.config.providers",
        "kafka.config.providers.file.class",
        "kafka.metrics.context.team",
        "kafka.producer.metrics.context.region",
        "kafka.client.tag.zone"
      })
  void shouldAcceptKeysTheKafkaClientsDefine(String key) {
    VigieConfig config = ConfigLoader.load(Optional.empty(), Map.of(), Map.of(key, "1"));

    assertThat(config.kafkaProperties()).containsKey(key.substring("kafka.".length()));
  }

  @Test
  void shouldAcceptKafkaKeysFromTheEnvironment() {
    VigieConfig config =
        ConfigLoader.load(
            Optional.empty(),
            Map.of(
                "VIGIE_KAFKA_SSL_TRUSTSTORE_LOCATION", "/etc/kafka/truststore.p12",
                "VIGIE_KAFKA_PRODUCER_LINGER_MS", "20"),
            Map.of());

    assertThat(config.kafkaProperties())
        .containsEntry("ssl.truststore.location", "/etc/kafka/truststore.p12")
        .containsEntry("producer.linger.ms", "20");
  }
}
