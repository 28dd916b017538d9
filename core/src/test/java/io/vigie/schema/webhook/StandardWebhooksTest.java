package io.vigie.schema.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class StandardWebhooksTest {

  // The worked example of the Standard Webhooks specification.
  private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
  private static final long TIMESTAMP = 1614265330L;
  private static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
  private static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

  private final Clock clock = Clock.fixed(Instant.ofEpochSecond(TIMESTAMP + 30), ZoneOffset.UTC);
  private final StandardWebhooks verifier =
      new StandardWebhooks(List.of(SECRET), Duration.ofMinutes(5), clock, 1000);

  @Test
  void shouldSignAsTheSpecificationExampleDoes() {
    assertThat(StandardWebhooks.sign(SECRET, ID, TIMESTAMP, BODY)).isEqualTo(SIGNATURE);
  }

  @Test
  void shouldAcceptValidSignatureAmongSeveral() {
    assertThat(verifier.problem(ID, Long.toString(TIMESTAMP), "v1,bm90IGl0 " + SIGNATURE, BODY))
        .isEmpty();
  }

  @Test
  void shouldRefuseTamperedBody() {
    byte[] tampered = "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8);
    assertThat(verifier.problem(ID, Long.toString(TIMESTAMP), SIGNATURE, tampered))
        .get()
        .asString()
        .contains("does not match");
  }

  @Test
  void shouldRefuseStaleTimestamp() {
    StandardWebhooks later =
        new StandardWebhooks(
            List.of(SECRET),
            Duration.ofMinutes(5),
            Clock.fixed(Instant.ofEpochSecond(TIMESTAMP + 301), ZoneOffset.UTC),
            1000);
    assertThat(later.problem(ID, Long.toString(TIMESTAMP), SIGNATURE, BODY))
        .get()
        .asString()
        .contains("tolerance");
  }

  @Test
  void shouldRefuseReplayedMessageIdUntilForgotten() {
    assertThat(verifier.problem(ID, Long.toString(TIMESTAMP), SIGNATURE, BODY)).isEmpty();
    assertThat(verifier.problem(ID, Long.toString(TIMESTAMP), SIGNATURE, BODY))
        .get()
        .asString()
        .contains("already received");
    verifier.forget(ID);
    assertThat(verifier.problem(ID, Long.toString(TIMESTAMP), SIGNATURE, BODY)).isEmpty();
  }

  @Test
  void shouldRefuseMissingHeaders() {
    assertThat(verifier.problem(null, Long.toString(TIMESTAMP), SIGNATURE, BODY))
        .get()
        .asString()
        .contains("missing");
  }
}
