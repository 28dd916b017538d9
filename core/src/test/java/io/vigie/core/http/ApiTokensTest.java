package io.vigie.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ApiTokensTest {

  @Test
  void aTokenNamesItsUserAndRole() {
    ApiTokens tokens =
        ApiTokens.parse(List.of("s3cret-token=camille:responder", "read-only-token=ana:viewer"));

    assertThat(tokens.caller("s3cret-token"))
        .contains(new ApiTokens.Caller("camille", ApiTokens.Role.RESPONDER));
    assertThat(tokens.caller("read-only-token").orElseThrow().role())
        .isEqualTo(ApiTokens.Role.VIEWER);
    assertThat(tokens.caller("s3cret-tokeN")).isEmpty();
  }

  @Test
  void aMalformedEntryIsRefusedWithoutShowingTheToken() {
    assertThatThrownBy(() -> ApiTokens.parse(List.of("short=a:viewer")))
        .hasMessageContaining("entry 1")
        .hasMessageNotContaining("short");
    assertThatThrownBy(() -> ApiTokens.parse(List.of("long-enough-token=a:boss")))
        .hasMessageContaining("viewer or responder")
        .hasMessageNotContaining("long-enough-token");
  }

  @Test
  void anHttpCallerIsFoundByBearerHeaderOrElseByTheTokenQueryParameter() {
    ApiTokens tokens = ApiTokens.parse(List.of("read-only-token=ana:viewer"));

    assertThat(tokens.caller("Bearer read-only-token", null)).isPresent();
    assertThat(tokens.caller("bearer read-only-token", "subject=global")).isPresent();
    assertThat(tokens.caller(null, "subject=global&token=read-only-token")).isPresent();
    assertThat(tokens.caller(null, "token=read%2Donly%2Dtoken")).as("decoded").isPresent();
    assertThat(tokens.caller("Basic read-only-token", null)).isEmpty();
    assertThat(tokens.caller(null, "token=wrong-token")).isEmpty();
    assertThat(tokens.caller(null, null)).isEmpty();
  }
}
