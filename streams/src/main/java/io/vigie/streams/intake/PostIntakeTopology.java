package io.vigie.streams.intake;

import io.vigie.schema.DeadLetter;
import io.vigie.schema.EnrichedPost;
import io.vigie.schema.Post;
import io.vigie.schema.Topic;
import io.vigie.schema.VigieTopics;
import io.vigie.schema.serde.AvroSerde;
import io.vigie.schema.validation.PostValidator;
import io.vigie.streams.errors.DeadLetters;
import java.time.Clock;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Intake: reads raw posts, sends every post that fails {@link PostValidator} to the streams
 * dead-letter topic with the reason, and forwards the others to the enriched topic keyed by {@code
 * <source>:<id>}, stamped with the time they passed. Enrichment proper (language, tokens,
 * sentiment, watch rules) and deduplication are stages of their own between raw and enriched.
 */
public final class PostIntakeTopology {

  static final String STAGE = "streams.intake";

  private final VigieTopics topics;
  private final PostValidator validator;
  private final Clock clock;

  public PostIntakeTopology(VigieTopics topics, PostValidator validator, Clock clock) {
    this.topics = topics;
    this.validator = validator;
    this.clock = clock;
  }

  public void build(StreamsBuilder builder) {
    Topic<String, Post> raw = topics.rawPosts();
    Topic<String, EnrichedPost> enriched = topics.enrichedPosts();
    Topic<String, DeadLetter> deadLetters = topics.streamsDeadLetters();

    builder.stream(
            raw.name(), Consumed.with(raw.keySerde(), raw.valueSerde()).withName("raw-posts"))
        .processValues(() -> new Checker(validator), Named.as("validate-post"))
        .split(Named.as("intake-"))
        .branch(
            (key, checked) -> checked.problem() == null,
            Branched.withConsumer(
                valid ->
                    valid
                        .selectKey(
                            (key, checked) ->
                                VigieTopics.postKey(
                                    checked.post().getSource(), checked.post().getId()),
                            Named.as("key-by-post"))
                        .mapValues(checked -> intake(checked.post()), Named.as("to-enriched-post"))
                        .to(
                            enriched.name(),
                            Produced.with(enriched.keySerde(), enriched.valueSerde())
                                .withName("enriched-posts")),
                "valid"))
        .defaultBranch(
            Branched.withConsumer(
                (KStream<String, Checked> invalid) ->
                    invalid
                        .processValues(() -> new DeadLetterWriter(raw), Named.as("to-dead-letter"))
                        .to(
                            deadLetters.name(),
                            Produced.with(deadLetters.keySerde(), deadLetters.valueSerde())
                                .withName("intake-dead-letters")),
                "invalid"));
  }

  private EnrichedPost intake(Post post) {
    return EnrichedPost.newBuilder().setPost(post).setEnrichedAt(clock.instant()).build();
  }

  /** A post with the outcome of its validation; problem is null when valid. */
  record Checked(Post post, String problem) {}

  private static final class Checker implements FixedKeyProcessor<String, Post, Checked> {
    private final PostValidator validator;
    private FixedKeyProcessorContext<String, Checked> context;

    Checker(PostValidator validator) {
      this.validator = validator;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Checked> context) {
      this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, Post> record) {
      Post post = record.value();
      context.forward(record.withValue(new Checked(post, validator.problem(post).orElse(null))));
    }
  }

  /** Writes the refused post back as bytes, with where it was read from and why it was refused. */
  private static final class DeadLetterWriter
      implements FixedKeyProcessor<String, Checked, DeadLetter> {
    private final Topic<String, Post> source;
    private final AvroSerde<Post> postSerde = AvroSerde.of(Post.class);
    private FixedKeyProcessorContext<String, DeadLetter> context;

    DeadLetterWriter(Topic<String, Post> source) {
      this.source = source;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, DeadLetter> context) {
      this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, Checked> record) {
      var metadata = context.recordMetadata().orElse(null);
      Post post = record.value().post();
      DeadLetter letter =
          DeadLetters.fromKafka(
              STAGE,
              metadata == null ? source.name() : metadata.topic(),
              metadata == null ? -1 : metadata.partition(),
              metadata == null ? -1 : metadata.offset(),
              record.key() == null
                  ? null
                  : record.key().getBytes(java.nio.charset.StandardCharsets.UTF_8),
              post == null ? null : postSerde.encode(post),
              "InvalidPost",
              record.value().problem(),
              java.time.Instant.ofEpochMilli(context.currentSystemTimeMs()));
      context.forward(record.withValue(letter));
    }
  }
}
