package io.vigie.indexer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigie.core.health.Health;
import io.vigie.indexer.elasticsearch.ElasticsearchClients;
import io.vigie.indexer.elasticsearch.ElasticsearchSettings;
import io.vigie.schema.DeadLetter;
import io.vigie.schema.VigieTopics;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class IndexerProcessTest {

  private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
  private final MockProducer<String, DeadLetter> producer =
      new MockProducer<>(
          true,
          null,
          new StringSerializer(),
          VigieTopics.withPrefix("test.").indexerDeadLetters().valueSerde().serializer());

  private IndexerProcess process() {
    return IndexerProcess.create(
        new IndexerProcess.Settings(
            new IndexerSettings(
                "test-",
                100,
                1_000_000,
                Duration.ofMillis(100),
                1,
                Duration.ofMillis(100),
                Duration.ofSeconds(1)),
            Map.of(),
            "test-indexer",
            VigieTopics.withPrefix("test."),
            Optional.empty()),
        consumer,
        producer,
        ElasticsearchClients.create(ElasticsearchSettings.local(URI.create("http://127.0.0.1:1"))),
        new SimpleMeterRegistry(),
        Clock.systemUTC());
  }

  @Test
  void shouldReportTheIndexerDownBeforeItStarts() {
    try (IndexerProcess process = process()) {
      Health health = process.health(new Health());

      assertThat(health.live().checks())
          .containsExactly(new Health.Check("indexer-alive", false, "the indexer thread stopped"));
      assertThat(process.running()).isFalse();
    }
  }

  @Test
  void shouldRunTheIndexerUntilClosedThenReleaseItsClients() {
    IndexerProcess process = process().start();
    Health health = process.health(new Health());

    assertThat(process.running()).isTrue();
    assertThat(health.live().checks())
        .containsExactly(new Health.Check("indexer-alive", true, "0 documents indexed"));

    process.close();

    assertThat(process.running()).isFalse();
    assertThat(consumer.closed()).isTrue();
    assertThat(producer.closed()).isTrue();
  }
}
