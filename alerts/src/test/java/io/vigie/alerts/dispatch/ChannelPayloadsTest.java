package io.vigie.alerts.dispatch;

import static io.vigie.alerts.dispatch.Alerts.T0;
import static io.vigie.alerts.dispatch.Alerts.version;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigie.schema.AlertStatus;
import io.vigie.schema.Severity;
import org.junit.jupiter.api.Test;

class ChannelPayloadsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void slackShowsPostTextAsPlainTextAndItsNotificationCannotMentionAnyone() throws Exception {
    var alert = version(1, AlertStatus.OPEN, Severity.HIGH);
    var message = AlertMessage.of(alert, PagingPolicy.Reason.OPENED, "en");
    // What a post could smuggle into the notification line:
    var hostile =
        new AlertMessage(
            "en",
            "<!channel> spike",
            message.why(),
            message.figures(),
            message.topTerms(),
            message.samples(),
            "");

    JsonNode body = JSON.readTree(ChannelPayloads.slack(hostile));

    assertThat(body.get("text").asText()).startsWith("&lt;!channel&gt; spike").doesNotContain("<!");
    JsonNode sample = body.get("blocks").get(3).get("text");
    assertThat(sample.get("type").asText()).isEqualTo("plain_text");
    assertThat(sample.get("text").asText())
        .isEqualTo("@angry_customer — <!channel> *ACME* refund scandal <@U123> & more");
    for (JsonNode block : body.get("blocks")) {
      assertThat(block.toString()).doesNotContain("\"mrkdwn\"");
    }
  }

  @Test
  void theWebhookCarriesTheAlertAsIndexedAndTheMessage() throws Exception {
    var alert = version(3, AlertStatus.OPEN, Severity.HIGH);
    var message = AlertMessage.of(alert, PagingPolicy.Reason.ESCALATED, "fr");

    JsonNode body =
        JSON.readTree(ChannelPayloads.webhook(alert, message, PagingPolicy.Reason.ESCALATED, T0));

    assertThat(body.get("type").asText()).isEqualTo("vigie.alert.escalated");
    assertThat(body.at("/data/alert/id").asText()).isEqualTo("inc-1");
    assertThat(body.at("/data/alert/version").asInt()).isEqualTo(3);
    assertThat(body.at("/data/alert/sample_posts/0/text_excerpt").asText()).contains("<!channel>");
    assertThat(body.at("/data/message/headline").asText())
        .isEqualTo("[HAUTE] Pic de volume : règle acme");
  }
}
