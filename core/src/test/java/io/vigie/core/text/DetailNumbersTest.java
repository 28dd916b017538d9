package io.vigie.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DetailNumbersTest {

  @Test
  void shouldReadAnAbsentOrUnreadableDetailAsZero() {
    assertThat(DetailNumbers.decimal(null)).isZero();
    assertThat(DetailNumbers.decimal("n/a")).isZero();
    assertThat(DetailNumbers.wholeNumber(null)).isZero();
    assertThat(DetailNumbers.wholeNumber("n/a")).isZero();
  }

  @Test
  void shouldRoundAWholeNumberDetailToTheNearest() {
    assertThat(DetailNumbers.decimal("2.5")).isEqualTo(2.5);
    assertThat(DetailNumbers.wholeNumber("2.5")).isEqualTo(3);
    assertThat(DetailNumbers.wholeNumber("12")).isEqualTo(12);
  }
}
