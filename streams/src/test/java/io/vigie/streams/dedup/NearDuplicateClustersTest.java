package io.vigie.streams.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NearDuplicateClustersTest {

  private final NearDuplicateClusters clusters = NearDuplicateClusters.defaults();
  private final InMemoryClusters memory = new InMemoryClusters();

  private NearDuplicateClusters.Assignment post(String key, String author, String text) {
    return clusters.assign(key, author, TextNormalizer.normalize(text), 0, memory);
  }

  @Test
  void theFirstPostOpensAClusterThatCopiesJoinCountingDistinctAuthors() {
    var original = post("x:1", "a", "Huge explosion near the marathon finish line, many injured");
    var retweet =
        post("x:2", "b", "RT @a: Huge explosion near the marathon finish line, many injured");
    var again =
        post("x:3", "b", "RT @a: Huge explosion near the marathon finish line, many injured");

    assertThat(original.opener()).isTrue();
    assertThat(original.clusterId()).isEqualTo("x:1");
    assertThat(retweet.opener()).isFalse();
    assertThat(retweet.clusterId()).isEqualTo("x:1");
    assertThat(again.size()).isEqualTo(3);
    assertThat(again.authors()).isEqualTo(2);
  }

  @Test
  void aLightlyEditedCopyJoinsTheClusterButAnUnrelatedPostDoesNot() {
    post(
        "r:1",
        "acct1",
        "Ce restaurant est incroyable, service parfait et plats délicieux, je recommande");
    var edited =
        post(
            "r:2",
            "acct2",
            "Ce restaurant est incroyable ! Service parfait, plats délicieux, je recommande vivement");
    var unrelated =
        post("r:3", "acct3", "Les quais de la Saône sont fermés à cause de la crue ce matin");

    assertThat(edited.clusterId()).isEqualTo("r:1");
    assertThat(edited.similarity()).isBetween(0.6, 1.0);
    assertThat(unrelated.clusterId()).isEqualTo("r:3");
    assertThat(unrelated.opener()).isTrue();
  }

  @Test
  void shortTextsAreNeverClustered() {
    post("s:1", "a", "merci !");
    var same = post("s:2", "b", "Merci !!");

    assertThat(same.opener()).isTrue();
    assertThat(same.clusterId()).isEqualTo("s:2");
  }

  @Test
  void aClusterSurvivesItsBinaryForm() {
    Cluster cluster = Cluster.open("k", 42, MinHash.defaults().signature("some text here"), "a");
    for (int i = 0; i < 200; i++) {
      cluster.join("author-" + i, 1_000 - i);
    }

    Cluster back = Cluster.fromBytes(cluster.toBytes());

    assertThat(back.id()).isEqualTo("k");
    assertThat(back.openedAt()).isEqualTo(42);
    assertThat(back.lastSeenAt()).as("the latest copy, not the last to arrive").isEqualTo(1_000);
    assertThat(back.size()).isEqualTo(201);
    assertThat(back.authors()).isEqualTo(cluster.authors()).isBetween(170, 235);
  }
}
