package io.vigie.streams.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.localstack.LocalStack;
import io.vigie.schema.EnrichedPost;
import io.vigie.schema.Post;
import io.vigie.schema.SentimentLabel;
import io.vigie.schema.WatchRule;
import io.vigie.streams.StreamsProcess;
import io.vigie.streams.StreamsRun;
import io.vigie.testkit.CapturedLogs;
import io.vigie.testkit.CrisisScenario;
import io.vigie.testkit.RawPosts;
import io.vigie.testkit.RealServers;
import io.vigie.testkit.TestTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deduplication and enrichment on the real broker: redeliveries dropped, reposts and
 * near-duplicates clustered, posts enriched, and a watch rule added while the pipeline runs applied
 * to the posts that follow.
 */
@ExtendWith(RealServers.class)
class DedupEnrichmentIT {

  @TempDir Path stateDir;
  private StreamsRun run;
  private StreamsProcess streams;

  @BeforeEach
  void startStreams(LocalStack stack) throws Exception {
    run = StreamsRun.isolated(stack, "dd").createTopics();
    streams = run.start(stateDir);
  }

  @AfterEach
  void stop() {
    streams.close();
  }

  @Test
  void shouldDropRedeliveriesClusterCopiesEnrichAndApplyANewWatchRuleLive() throws Exception {
    Instant t = Instant.now().minusSeconds(600);
    publishRule(rule("marathon", "explosion AND (marathon OR #bostonmarathon)"));
    try (RawPosts publisher = new RawPosts(run.bootstrapServers(), run.topics().rawPosts())) {
      Post original =
          CrisisScenario.post(
              "1", "alice", "Huge explosion near the marathon finish line, many people injured", t);
      publisher.publish(original).get();
      publisher.publish(original).get(); // a redelivery: same source and id
      publisher
          .publish(
              CrisisScenario.post(
                  "2",
                  "bob",
                  "RT @alice: Huge explosion near the marathon finish line, many people injured",
                  t.plusSeconds(5)))
          .get();
      publisher
          .publish(
              CrisisScenario.post(
                  "3",
                  "carol",
                  "Huge explosion near the marathon finish line!! Many people are injured",
                  t.plusSeconds(9)))
          .get();
      publisher
          .publish(
              CrisisScenario.post(
                  "4", "dave", "J'adore cette journée ensoleillée à Lyon, super !", t))
          .get();
    }
    Map<String, EnrichedPost> first = readEnriched(4);
    assertThat(first).containsOnlyKeys("test:1", "test:2", "test:3", "test:4");
    EnrichedPost original = first.get("test:1");
    EnrichedPost retweet = first.get("test:2");
    EnrichedPost nearCopy = first.get("test:3");
    assertThat(original.getLanguage()).isEqualTo("en");
    assertThat(original.getCrisisTerms()).contains("injured");
    assertThat(original.getSentiment()).isEqualTo(SentimentLabel.NEGATIVE);
    assertThat(original.getWatchRuleIds()).containsExactly("marathon");
    // The three come from different raw partitions: whichever reaches clustering first opens the
    // cluster, and the others join it.
    List<EnrichedPost> copies = List.of(original, retweet, nearCopy);
    assertThat(copies).filteredOn(EnrichedPost::getClusterOpener).hasSize(1);
    String cluster =
        copies.stream()
            .filter(EnrichedPost::getClusterOpener)
            .findFirst()
            .orElseThrow()
            .getClusterId();
    assertThat(copies).extracting(EnrichedPost::getClusterId).containsOnly(cluster);
    assertThat(copies)
        .filteredOn(p -> !p.getClusterOpener())
        .extracting(EnrichedPost::getOriginalKey)
        .containsOnly(cluster);
    assertThat(copies).extracting(EnrichedPost::getClusterSize).containsExactlyInAnyOrder(1, 2, 3);
    assertThat(copies)
        .filteredOn(p -> p.getClusterSize() == 3)
        .singleElement()
        .extracting(EnrichedPost::getClusterAuthors)
        .isEqualTo(3);
    assertThat(retweet.getRepost()).isTrue();
    assertThat(original.getRepost()).isFalse();
    assertThat(nearCopy.getRepost()).isFalse();
    EnrichedPost french = first.get("test:4");
    assertThat(french.getLanguage()).isEqualTo("fr");
    assertThat(french.getSentiment()).isEqualTo(SentimentLabel.POSITIVE);
    assertThat(french.getWatchRuleIds()).isEmpty();

    // A rule added while the pipeline runs applies to the next posts within seconds.
    publishRule(rule("lyon", "lyon lang:fr"));
    Thread.sleep(3_000);
    try (RawPosts publisher = new RawPosts(run.bootstrapServers(), run.topics().rawPosts())) {
      publisher
          .publish(CrisisScenario.post("5", "erin", "Encore du soleil sur Lyon ce matin", t))
          .get();
    }
    Map<String, EnrichedPost> all = readEnriched(5);
    assertThat(all.get("test:5").getWatchRuleIds()).containsExactly("lyon");
  }

  @Test
  void shouldKeepOneClusterWithItsTrueSizeAndAuthorsForAPostResharedOverThreeDays()
      throws Exception {
    // Three times the 24-hour cluster retention: a copy every 6 hours for 3 days, by 10 accounts,
    // some resharing twice. Live, copies 6 hours apart reach clustering in time order, though
    // through
    // several raw partitions; the test waits for each copy to be clustered before sharing the next,
    // as time would. Published at once, the partitions could hand a copy to clustering more than
    // the
    // retention after the last one it had read, and that copy rightly opens a cluster of its own
    // (docs/enrichment.md, "Cluster lifetime"; ClusterLifetimeTest covers copies arriving late).
    String text = "Huge explosion near the marathon finish line, many people injured";
    Instant start = Instant.now().minus(Duration.ofDays(3));
    try (CapturedLogs logged = new CapturedLogs();
        RawPosts publisher = new RawPosts(run.bootstrapServers(), run.topics().rawPosts())) {
      for (int copy = 0; copy <= 12; copy++) {
        publisher
            .publish(
                CrisisScenario.post(
                    "reshare-" + copy,
                    "account-" + copy % 10,
                    copy == 0 ? text : "RT @account-0: " + text,
                    start.plus(Duration.ofHours(6L * copy))))
            .get();
        readEnriched(copy + 1);
      }

      List<EnrichedPost> copies = List.copyOf(readEnriched(13).values());

      assertThat(copies).hasSize(13);
      assertThat(copies).filteredOn(EnrichedPost::getClusterOpener).hasSize(1);
      assertThat(copies).extracting(EnrichedPost::getClusterId).containsOnly(opener(copies));
      assertThat(copies)
          .extracting(EnrichedPost::getClusterSize)
          .containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13);
      assertThat(copies)
          .filteredOn(p -> p.getClusterSize() == 13)
          .singleElement()
          .extracting(EnrichedPost::getClusterAuthors)
          .isEqualTo(10);
      assertThat(logged.messages())
          .noneMatch(message -> message.contains("Skipping record for expired segment"));
      assertThat(
              streams.app().streams().metrics().entrySet().stream()
                  .filter(metric -> metric.getKey().name().equals("dropped-records-total"))
                  .mapToDouble(metric -> ((Number) metric.getValue().metricValue()).doubleValue())
                  .sum())
          .as("records Kafka Streams skipped, expired window-store writes among them")
          .isZero();
    }
  }

  private static String opener(List<EnrichedPost> copies) {
    return copies.stream()
        .filter(EnrichedPost::getClusterOpener)
        .findFirst()
        .orElseThrow()
        .getClusterId();
  }

  private Map<String, EnrichedPost> readEnriched(int expected) {
    List<ConsumerRecord<String, EnrichedPost>> records =
        TestTopics.readAtLeast(
            run.bootstrapServers(),
            run.topics().enrichedPosts().name(),
            run.topics().enrichedPosts().valueSerde().deserializer(),
            expected,
            Duration.ofSeconds(90));
    return records.stream()
        .collect(Collectors.toMap(ConsumerRecord::key, ConsumerRecord::value, (a, b) -> b));
  }

  private void publishRule(WatchRule rule) throws Exception {
    try (KafkaProducer<String, WatchRule> producer =
        new KafkaProducer<>(
            run.kafka(),
            run.topics().watchRules().keySerde().serializer(),
            run.topics().watchRules().valueSerde().serializer())) {
      producer
          .send(new ProducerRecord<>(run.topics().watchRules().name(), rule.getId(), rule))
          .get();
    }
  }

  private static WatchRule rule(String id, String query) {
    return WatchRule.newBuilder()
        .setId(id)
        .setName(id)
        .setQuery(query)
        .setEnabled(true)
        .setUpdatedAt(Instant.now())
        .build();
  }
}
