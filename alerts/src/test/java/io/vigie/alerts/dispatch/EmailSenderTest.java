package io.vigie.alerts.dispatch;

import static io.vigie.alerts.dispatch.Alerts.version;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.vigie.schema.Alert;
import io.vigie.schema.AlertStatus;
import io.vigie.schema.SamplePost;
import io.vigie.schema.Severity;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** E-mail against GreenMail, a real SMTP server running in the test's process. */
class EmailSenderTest {

  private GreenMail smtp;
  private int port;
  private final List<Duration> waits = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    port = freePort();
    smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
  }

  @AfterEach
  void stop() {
    smtp.stop();
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private AlertRoute.Channel channel(int toPort) {
    return new AlertRoute.Channel(
        AlertRoute.ChannelType.EMAIL,
        URI.create("smtp://127.0.0.1:" + toPort),
        Optional.empty(),
        Optional.of(
            new AlertRoute.Email(
                "vigie@example.org", List.of("oncall@example.org"), false, Optional.empty())));
  }

  private EmailSender sender(int attempts) {
    return new EmailSender(
        attempts,
        Duration.ofSeconds(1),
        Duration.ofSeconds(30),
        Duration.ofSeconds(5),
        Optional.empty(),
        waits::add);
  }

  @Test
  void anAlertArrivesAsTextAndEscapedHtmlWithAStableMessageId() throws Exception {
    Alert alert =
        Alert.newBuilder(version(2, AlertStatus.OPEN, Severity.HIGH))
            .setSamplePosts(
                List.of(
                    SamplePost.newBuilder(
                            version(1, AlertStatus.OPEN, Severity.HIGH).getSamplePosts().get(0))
                        .setTextExcerpt(
                            "<script>alert('x')</script> boycott\r\nBcc: victim@example.org")
                        .build()))
            .build();
    AlertMessage message = AlertMessage.of(alert, PagingPolicy.Reason.ESCALATED, "fr");

    HttpSender.Result result = sender(3).send(channel(port), "inc-1_v2", message);

    assertThat(result.delivered()).as(result.detail()).isTrue();
    MimeMessage[] received = smtp.getReceivedMessages();
    assertThat(received).hasSize(1);
    MimeMessage mail = received[0];
    assertThat(mail.getSubject()).isEqualTo("[HAUTE] Pic de volume : règle acme");
    assertThat(mail.getMessageID()).isEqualTo("<inc-1_v2@vigie>");
    assertThat(mail.getAllRecipients())
        .extracting(Object::toString)
        .containsExactly("oncall@example.org");
    String body = GreenMailUtil.getBody(mail);
    String html = body.substring(body.indexOf("text/html"));
    assertThat(html)
        .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;")
        .doesNotContain("<script>");
    assertThat(mail.getHeader("Bcc")).isNull();
  }

  @Test
  void aServerThatCannotBeReachedIsRetriedThenReportedAsFailed() throws Exception {
    HttpSender.Result result =
        sender(3)
            .send(
                channel(freePort()),
                "inc-1_v1",
                AlertMessage.of(
                    version(1, AlertStatus.OPEN, Severity.HIGH), PagingPolicy.Reason.OPENED, "en"));

    assertThat(result.delivered()).isFalse();
    assertThat(result.attempts()).isEqualTo(3);
    assertThat(waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    assertThat(result.detail()).isNotBlank();
  }

  @Test
  void aSubjectCannotCarryANewHeader() {
    assertThat(EmailSender.oneLine("spike\r\nBcc: victim@example.org"))
        .isEqualTo("spike Bcc: victim@example.org");
  }
}
