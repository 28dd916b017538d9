package io.vigie.ingest.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IsoInstantsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2026-11-22T10:00:00Z",
        "2013-04-15T18:50:07.123Z",
        "2013-04-15T18:50:07.1Z",
        "2013-04-15T18:50:07.123456789Z",
        "2024-02-29T23:59:59Z",
        "1970-01-01T00:00:00Z",
        "1969-12-31T23:59:59.999Z",
        "2026-11-22T10:00:00+01:00",
        "2026-11-22T24:00:00Z",
        "2026-11-22T10:00:00.Z"
      })
  void readsWhatInstantParseReads(String text) {
    assertThat(IsoInstants.parse(text)).isEqualTo(Instant.parse(text));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2026-02-30T10:00:00Z",
        "2026-13-01T10:00:00Z",
        "2026-11-22T10:00Z",
        "2026-11-22T10:00:00.1234567890Z",
        "2026-11-22 10:00:00Z",
        "2026-11-2xT10:00:00Z",
        "yesterday"
      })
  void refusesWhatInstantParseRefuses(String text) {
    assertThatThrownBy(() -> Instant.parse(text)).isInstanceOf(DateTimeParseException.class);
    assertThatThrownBy(() -> IsoInstants.parse(text)).isInstanceOf(DateTimeParseException.class);
  }
}
