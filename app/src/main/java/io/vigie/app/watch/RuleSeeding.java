package io.vigie.app.watch;

import io.vigie.app.backtest.HistoryBacktest;
import io.vigie.ingest.replay.ReplayInput;
import io.vigie.schema.Post;
import io.vigie.schema.SubjectKey;
import io.vigie.schema.Topic;
import io.vigie.schema.WatchRule;
import io.vigie.streams.detect.DetectionSettings;
import io.vigie.streams.enrich.PostEnricher;
import io.vigie.streams.watch.WatchRuleSet;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A rule's baselines learned from history: the detectors run over past posts with the rule, and
 * what they learned goes to the detection-seeds topic, where the live detectors find it at the
 * rule's first post.
 */
public final class RuleSeeding {

  private final DetectionSettings detection;
  private final Topic<String, byte[]> seeds;
  private final Map<String, Object> kafka;

  public RuleSeeding(
      DetectionSettings detection, Topic<String, byte[]> seeds, Map<String, Object> kafka) {
    this.detection = detection;
    this.seeds = seeds;
    this.kafka = kafka;
  }

  /** How many posts were read, once their seed is published; empty when none matched the rule. */
  public Optional<Integer> seed(WatchRule rule, Path history)
      throws IOException, InterruptedException, ExecutionException {
    List<Post> posts = ReplayInput.read(history, "file", Instant.now()).posts();
    PostEnricher enricher = PostEnricher.defaults();
    String subject = SubjectKey.rule(rule.getId());
    Optional<byte[]> learned =
        new HistoryBacktest(
                detection, enricher, WatchRuleSet.of(List.of(rule), enricher.analysis()::fold))
            .replay(posts, alert -> {})
            .state(subject);
    if (learned.isEmpty()) {
      return Optional.empty();
    }
    try (var producer =
        new KafkaProducer<>(
            kafka, seeds.keySerde().serializer(), seeds.valueSerde().serializer())) {
      producer.send(new ProducerRecord<>(seeds.name(), subject, learned.get())).get();
    }
    return Optional.of(posts.size());
  }
}
