package io.vigie.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Pins what the configuration's users see of the key definitions: their order (the nearest-key
 * suggestion keeps the first of equally near keys), their importance, the defaults 'vigie config
 * show' prints, the hints for near misses and the names of the VIGIE_* variables.
 */
class ConfigKeysCharacterizationTest {

  @Test
  void shouldDefineEveryKeyWithItsImportanceInTheSameOrder() throws IOException {
    String defined =
        VigieConfig.DEFINITION.configKeys().values().stream()
            .map(key -> key.name + " " + key.importance + "\n")
            .collect(Collectors.joining());

    assertThat(defined).isEqualTo(resource("keys-in-definition-order.txt"));
  }

  @Test
  void shouldShowEveryDefaultAsConfigShowPrintsIt() throws IOException {
    String shown =
        VigieConfig.defaults().describe().entrySet().stream()
            .map(entry -> entry.getKey() + "=" + entry.getValue() + "\n")
            .collect(Collectors.joining());

    assertThat(shown).isEqualTo(resource("show-defaults.txt"));
  }

  @ParameterizedTest
  @CsvSource({
    "topics.partition, topics.partitions",
    "api.pst, api.host",
    "console.hort, console.host",
    "detect.horizon, detect.horizons",
    "streams.thread, streams.threads",
    "webhook.prt, webhook.port",
    "alerts.group, alerts.group-id",
    "watchdog.enable, watchdog.enabled",
    "indexer.groupid, indexer.group-id",
    "metrics.prot, metrics.port",
    "log.fil, log.file",
    "elasticsearch.url, elasticsearch.urls",
    "kafka.bootstrap.server, kafka.bootstrap.servers"
  })
  void shouldSuggestTheFirstNearestKeyForANearMiss(String typed, String nearest) {
    assertThat(VigieConfig.suggestion(typed)).isEqualTo("; did you mean '" + nearest + "'?");
  }

  @Test
  void shouldPointToTheKeyListWhenNoKeyIsNear() {
    assertThat(VigieConfig.suggestion("nothing.like.this")).isEqualTo("; see 'vigie config keys'");
  }

  @ParameterizedTest
  @CsvSource({
    "VIGIE_TOPICS_PARTITIONS, topics.partitions",
    "VIGIE_STACK_ELASTICSEARCH_JAVA_HOME, stack.elasticsearch.java-home",
    "VIGIE_WEBHOOK_RATE_LIMIT_REQUESTS_PER_SECOND, webhook.rate-limit.requests-per-second",
    "VIGIE_DETECT_PAGING_MIN_EXCESS_CLUSTER, detect.paging.min-excess-cluster",
    "VIGIE_STREAMS_QUERY_ADVERTISED_HOST, streams.query.advertised-host",
    "VIGIE_API_TOKENS, api.tokens",
    "VIGIE_KAFKA_SECURITY_PROTOCOL, kafka.security.protocol",
    "VIGIE_ELASTICSEARCH_HEADER_X_OPAQUE_ID, elasticsearch.header.x-opaque-id"
  })
  void shouldMapEachVigieVariableToItsKey(String variable, String key) {
    assertThat(ConfigLoader.keyOf(variable)).isEqualTo(key);
  }

  @Test
  void shouldRefuseAVariableNamingNoKeyWithTheNearestKey() {
    assertThatThrownBy(() -> ConfigLoader.keyOf("VIGIE_TOPICS_PARTITION"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "Invalid value (hidden) for configuration VIGIE_TOPICS_PARTITION: environment variable"
                + " names no configuration key; did you mean 'topics.partitions'?");
  }

  private static String resource(String name) throws IOException {
    try (InputStream in =
        ConfigKeysCharacterizationTest.class.getResourceAsStream("/config/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
