package io.vigie.ingest.publish;

import io.micrometer.core.instrument.MeterRegistry;
import io.vigie.schema.VigieTopics;
import io.vigie.schema.validation.PostValidator;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Where a source publishes: the cluster's client settings ({@code kafka.*}), the topics and their
 * retention.
 */
public record KafkaTarget(Map<String, Object> kafka, VigieTopics topics, Duration retention) {

  /** A validator that also refuses posts older than the topics keep. */
  public PostValidator retainedPostsValidator(Clock clock) {
    return new PostValidator(clock, PostValidator.Limits.defaults().withMaxAge(retention));
  }

  /**
   * A sink publishing with {@code postProducer} settings and dead-lettering with {@code
   * letterProducer} settings, both counted in {@code registry}.
   */
  public KafkaPostSink sink(
      Map<String, Object> postProducer,
      Map<String, Object> letterProducer,
      PostValidator validator,
      Clock clock,
      MeterRegistry registry) {
    IngestMetrics metrics = new IngestMetrics(registry);
    PostPublisher publisher = PostPublisher.create(topics.rawPosts(), postProducer, metrics);
    RefusedPosts refused =
        RefusedPosts.create(topics.ingestDeadLetters(), letterProducer, clock, metrics);
    return new KafkaPostSink(publisher, refused, validator);
  }

  /** A sink without dead letters, for a source that answers its caller instead. */
  public KafkaPostSink answeringSink(
      Map<String, Object> postProducer, PostValidator validator, MeterRegistry registry) {
    return KafkaPostSink.withoutDeadLetters(
        PostPublisher.create(topics.rawPosts(), postProducer, new IngestMetrics(registry)),
        validator);
  }
}
