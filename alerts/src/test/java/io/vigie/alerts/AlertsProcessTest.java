package io.vigie.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigie.alerts.dispatch.AlertRoutes;
import io.vigie.core.health.Health;
import io.vigie.core.http.ApiTokens;
import io.vigie.indexer.elasticsearch.ElasticsearchSettings;
import io.vigie.schema.VigieTopics;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AlertsProcessTest {

  private static AlertsProcess process() throws Exception {
    return new AlertsProcess(
        new AlertsProcess.Settings(
            AlertRoutes.parse(
                """
                {"routes": [{"name": "oncall",
                  "channel": {"type": "webhook", "url": "https://ops.example.org/hook"}}]}
                """),
            Map.of("bootstrap.servers", "127.0.0.1:1"),
            ElasticsearchSettings.local(URI.create("http://127.0.0.1:1")),
            VigieTopics.withPrefix("test."),
            "test-alerts",
            "test-",
            new AlertsProcess.Delivery(Duration.ofSeconds(1), 1, Optional.empty()),
            new AlertsProcess.Api("127.0.0.1", 0, ApiTokens.parse(List.of())),
            Optional.empty()),
        new SimpleMeterRegistry(),
        Clock.systemUTC());
  }

  @Test
  void shouldReportTheDispatcherDownAndNotReadyBeforeItStarts() throws Exception {
    try (AlertsProcess process = process()) {
      Health health = process.health(new Health());

      assertThat(health.live().checks())
          .containsExactly(
              new Health.Check("dispatcher-alive", false, "the dispatcher thread stopped"));
      assertThat(health.ready().checks())
          .contains(new Health.Check("dispatcher-ready", false, "reading the delivery log"));
    }
  }

  @Test
  void shouldServeNoAlertApiWithoutTokens() throws Exception {
    try (AlertsProcess process = process()) {
      assertThat(process.apiPort()).isEmpty();
    }
  }
}
