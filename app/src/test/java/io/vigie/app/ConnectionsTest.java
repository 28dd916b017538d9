package io.vigie.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigie.app.config.ConfigLoader;
import io.vigie.app.config.VigieConfig;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/** The product alone: no dev tools on the class path, so no local stack to fall back on. */
class ConnectionsTest {

  @Test
  void withoutAConfiguredClusterTheProductSaysWhichKeyToSet() {
    VigieConfig config = ConfigLoader.load(Optional.empty(), Map.of(), Map.of());

    assertThatThrownBy(() -> Connections.kafka(config))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("no Kafka cluster: set kafka.bootstrap.servers")
        .hasMessageContaining("'./vigie stack up'");
  }

  @Test
  void configuredClustersAreUsedAsGiven() {
    VigieConfig config =
        ConfigLoader.load(
            Optional.empty(),
            Map.of(),
            Map.of(
                "kafka.bootstrap.servers", "broker:9092",
                "elasticsearch.urls", "http://es:9200"));

    Connections connections = Connections.resolve(config);

    assertThat(connections.kafka()).containsEntry("bootstrap.servers", "broker:9092");
    assertThat(connections.elasticsearch().hosts()).containsExactly(URI.create("http://es:9200"));
  }
}
