package io.vigie.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.schema.SignalKind;
import org.junit.jupiter.api.Test;

class AlertTextTest {

  @Test
  void shouldKeepPersistedTitlesInTheirOwnWordsWhereMessagesSayOtherwise() {
    assertThat(AlertText.title(SignalKind.WEAK_SIGNAL, "term:boycott"))
        .isEqualTo("Emerging: 'boycott'");
    assertThat(AlertText.kind(SignalKind.WEAK_SIGNAL, false)).isEqualTo("Weak signal");
    assertThat(AlertText.kind(SignalKind.WEAK_SIGNAL, true)).isEqualTo("Signal faible");
  }

  @Test
  void shouldWordTermsAndClustersDifferentlyInTitlesAndInMessages() {
    assertThat(AlertText.describe("term:refund")).isEqualTo("'refund'");
    assertThat(AlertText.subject("term:refund", false)).isEqualTo("\"refund\"");
    assertThat(AlertText.subject("term:refund", true)).isEqualTo("« refund »");
    assertThat(AlertText.describe("cluster:c42")).isEqualTo("near-duplicates of c42");
    assertThat(AlertText.subject("cluster:c42", false)).isEqualTo("near-identical posts");
  }

  @Test
  void shouldReadTheWatchdogsKeysAsAllPostsInTitlesButNameTheCheckInMessages() {
    assertThat(AlertText.describe("ops:lag:streams")).isEqualTo("all posts");
    assertThat(AlertText.subject("ops:lag:streams", false)).isEqualTo("lag of streams");
    assertThat(AlertText.subject("ops:source:mastodon", true)).isEqualTo("source mastodon muette");
  }

  @Test
  void shouldWriteNumbersAsEachLanguageDoes() {
    assertThat(AlertText.number(12345.6, true)).isEqualTo("12 346");
    assertThat(AlertText.number(2.5, true)).isEqualTo("2,5");
    assertThat(AlertText.number(12345.6, false)).isEqualTo("12,346");
  }

  @Test
  void shouldRemoveControlCharactersFromTerminalText() {
    assertThat(AlertText.clean("a\u001b[31mb\nc\u200bd")).isEqualTo("a[31mb cd");
  }
}
