package io.vigie.indexer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class CommitFrontierTest {

  private static final TopicPartition P0 = new TopicPartition("vigie.posts.enriched", 0);
  private static final TopicPartition P1 = new TopicPartition("vigie.posts.enriched", 1);

  @Test
  void shouldCommitNothingWhileTheOldestBatchIsInFlight() {
    CommitFrontier frontier = new CommitFrontier();
    frontier.open(Map.of(P0, 100L));
    long second = frontier.open(Map.of(P0, 200L));

    frontier.finish(second); // a later batch answered first must not step over the first one

    assertThat(frontier.takeCommittable()).isEmpty();
    assertThat(frontier.size()).isEqualTo(2);
  }

  @Test
  void shouldCommitTheFurthestPositionOfTheFinishedRunOnceTheOldestFinishes() {
    CommitFrontier frontier = new CommitFrontier();
    long first = frontier.open(Map.of(P0, 100L, P1, 40L));
    long second = frontier.open(Map.of(P0, 200L));
    long third = frontier.open(Map.of(P1, 90L));
    frontier.finish(second);
    frontier.finish(first);

    assertThat(frontier.takeCommittable()).isEqualTo(Map.of(P0, 200L, P1, 40L));
    assertThat(frontier.size()).isEqualTo(1);

    frontier.finish(third);
    assertThat(frontier.takeCommittable()).isEqualTo(Map.of(P1, 90L));
    assertThat(frontier.isEmpty()).isTrue();
  }

  @Test
  void shouldNotCommitRevokedPartitionsThatAnotherInstanceNowOwns() {
    CommitFrontier frontier = new CommitFrontier();
    long first = frontier.open(Map.of(P0, 100L, P1, 40L));
    frontier.forget(List.of(P1));
    frontier.finish(first);

    assertThat(frontier.takeCommittable()).isEqualTo(Map.of(P0, 100L));
  }
}
