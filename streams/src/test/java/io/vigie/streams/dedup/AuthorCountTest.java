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

  @Test
  void theEstimateFollowsAuthorsAddedAfterItWasAskedFor() {
    AuthorCount count = new AuthorCount();
    for (int i = 0; i < 1_000; i++) {
      count.add("author-" + i);
    }
    int early = count.count();
    for (int i = 1_000; i < 50_000; i++) {
      count.add("author-" + i);
    }

    assertThat(early).isBetween(800, 1_200);
    assertThat(count.count()).isBetween(40_000, 60_000);
  }

  @Test
  void aClearedCountStartsAgainExactlyAndWritesAsANewOne() {
    AuthorCount count = new AuthorCount();
    for (int i = 0; i < 1_000; i++) {
      count.add("author-" + i);
    }
    count.clear();
    AuthorCount fresh = new AuthorCount();
    for (String author : new String[] {"a", "b", "a", "c"}) {
      count.add(author);
      fresh.add(author);
    }

    assertThat(count.count()).isEqualTo(3);
    assertThat(count.toBytes()).isEqualTo(fresh.toBytes());
  }
}
