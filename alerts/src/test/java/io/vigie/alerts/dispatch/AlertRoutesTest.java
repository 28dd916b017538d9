package io.vigie.alerts.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigie.schema.Severity;
import io.vigie.schema.SignalKind;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class AlertRoutesTest {

  @Test
  void readsRoutesChannelsQuietHoursAndSilences() throws Exception {
    AlertRoutes routes =
        AlertRoutes.parse(
            """
            {"routes": [
              {"name": "oncall", "min_severity": "HIGH", "language": "fr",
               "channel": {"type": "webhook", "url": "https://ops.example.org/hook", "secret": "whsec_c2VjcmV0"},
               "max_per_hour": 5,
               "quiet_hours": {"from": "22:00", "to": "07:00", "zone": "Europe/Paris", "unless_severity": "CRITICAL"}},
              {"name": "brand", "kinds": ["SENTIMENT_SHIFT", "COORDINATION"], "watch_rules": ["acme"],
               "channel": {"type": "slack", "url": "https://hooks.slack.example/T/B/X"}}
            ],
             "silences": [{"watch_rule": "acme", "until": "2026-12-01T00:00:00Z", "reason": "campaign"}]}
            """);

    AlertRoute oncall = routes.routes().get(0);
    assertThat(oncall.minSeverity()).isEqualTo(Severity.HIGH);
    assertThat(oncall.language()).isEqualTo("fr");
    assertThat(oncall.channel().secret()).contains("whsec_c2VjcmV0");
    assertThat(oncall.quietHours().orElseThrow().zone()).isEqualTo(ZoneId.of("Europe/Paris"));
    AlertRoute brand = routes.routes().get(1);
    assertThat(brand.minSeverity()).isEqualTo(Severity.MEDIUM);
    assertThat(brand.kinds())
        .containsExactlyInAnyOrder(SignalKind.SENTIMENT_SHIFT, SignalKind.COORDINATION);
    assertThat(brand.channel().type()).isEqualTo(AlertRoute.ChannelType.SLACK);
    assertThat(brand.channel().toString()).doesNotContain("/T/B/X"); // the path is the secret
    assertThat(routes.silences()).hasSize(1);
  }

  @Test
  void aMistakeIsRefusedWithTheRouteAndFieldItIsIn() {
    assertThatThrownBy(
            () ->
                AlertRoutes.parse(
                    """
                    {"routes": [{"name": "oncall", "min_severity": "LOUD",
                                 "channel": {"type": "webhook", "url": "https://x"}}]}
                    """))
        .hasMessageContaining("route oncall min_severity")
        .hasMessageContaining("LOUD");
    assertThatThrownBy(
            () ->
                AlertRoutes.parse(
                    """
                    {"routes": [{"name": "oncall", "channel": {"type": "pager", "url": "https://x"}}]}
                    """))
        .hasMessageContaining("route oncall channel type");
    assertThatThrownBy(() -> AlertRoutes.parse("{\"routes\": []}"))
        .hasMessageContaining("no route");
    assertThatThrownBy(
            () ->
                AlertRoutes.parse(
                    """
                    {"routes": [{"name": "a", "channel": {"type": "webhook", "url": "https://x"}}],
                     "silences": [{"until": "2026-12-01T00:00:00Z"}]}
                    """))
        .hasMessageContaining("watch_rule, a subject or an alert_id");
  }
}
