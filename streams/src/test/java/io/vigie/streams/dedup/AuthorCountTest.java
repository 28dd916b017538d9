package io.vigie.streams.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AuthorCountTest {

  @Test
  void countsExactlyWhileSmall() {
    AuthorCount count = new AuthorCount();
    for (int i = 0; i < 64; i++) {
      count.add("author-" + i);
      count.add("author-" + i);
    }
    assertThat(count.count()).isEqualTo(64);
  }

  @Test
  void estimatesWithinAFewPercentOnceLarge() {
    AuthorCount count = new AuthorCount();
    for (int i = 0; i < 50_000; i++) {
      count.add("author-" + i);
    }
    assertThat(count.count()).isBetween(40_000, 60_000);
  }
}
