package io.vigie.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigie.core.health.Health;
import io.vigie.core.http.ApiTokens;
import io.vigie.schema.VigieTopics;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamsProcessTest {

  @TempDir Path stateDir;

  private StreamsProcess process(Optional<StreamsProcess.QuerySettings> queries) {
    return StreamsProcess.create(
        new StreamsSettings(
            "vigie-process-test",
            stateDir,
            StreamsConfig.AT_LEAST_ONCE,
            1,
            0,
            Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1")),
        VigieTopics.withPrefix("test."),
        TopologySettings.defaults(),
        queries,
        new StageMeters(new SimpleMeterRegistry()),
        Clock.systemUTC());
  }

  @Test
  void shouldBeAliveButNotReadyBeforeItStarts() {
    try (StreamsProcess process = process(Optional.empty())) {
      Health health = process.health(new Health());

      assertThat(health.live().checks())
          .containsExactly(new Health.Check("streams-alive", true, "state CREATED"));
      assertThat(health.ready().checks())
          .contains(new Health.Check("streams-running", false, "state CREATED"));
      assertThat(health.ready().up()).isFalse();
      assertThat(process.queries()).isEmpty();
    }
  }

  @Test
  void shouldServeQueriesFromCreationAndStopThemOnClose() throws IOException {
    StreamsProcess process =
        process(
            Optional.of(
                new StreamsProcess.QuerySettings(
                    "127.0.0.1", 0, "127.0.0.1", ApiTokens.parse(List.of()))));
    int port = process.queries().orElseThrow().port();
    try (Socket socket = new Socket("127.0.0.1", port)) {
      assertThat(socket.isConnected()).isTrue();
    }
    assertThat(process.queries().orElseThrow().applicationServer()).endsWith(":" + port);

    process.close();

    assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(IOException.class);
  }
}
