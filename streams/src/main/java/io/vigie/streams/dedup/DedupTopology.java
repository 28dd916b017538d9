package io.vigie.streams.dedup;

import io.micrometer.core.instrument.Counter;
import io.vigie.core.deadletter.DeadLetters;
import io.vigie.schema.DeadLetter;
import io.vigie.schema.EnrichedPost;
import io.vigie.schema.Post;
import io.vigie.schema.Topic;
import io.vigie.schema.VigieTopics;
import io.vigie.schema.serde.AvroSerde;
import io.vigie.schema.validation.PostValidator;
import io.vigie.streams.StageMeters;
import io.vigie.streams.errors.DeadLetterHandler;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Raw posts to unique posts. Every post is checked first: one that fails {@link PostValidator} goes
 * to the streams dead-letter topic with the reason. Then:
 *
 * <ol>
 *   <li>Redeliveries, the same {@code <source>:<id>} again within {@link
 *       DedupSettings#redeliveryRetention()}, are dropped and counted ({@code
 *       vigie.streams.redeliveries}): they are the same post, not a repost. The raw topic must be
 *       keyed consistently (Vigie's publisher keys by {@code <source>:<id>}), so that redeliveries
 *       meet on one partition.
 *   <li>Every other post, reposts and near-duplicates included, flows on, clustered by {@link
 *       NearDuplicateClusters} after a repartition by the hash of its normalised text: it carries
 *       its cluster id (the key of the post that opened it), whether it opened it, the cluster's
 *       running size and distinct authors, its similarity to the opener, whether it is a repost,
 *       and the key of the post it repeats. A cluster lives as long as its copies keep coming: it
 *       is forgotten once no copy has come for {@link DedupSettings#clusterRetention()} of stream
 *       time (see {@link KeyValueStoreClusters}).
 * </ol>
 *
 * <p>In two steps, so that the application can enrich posts between them, in the raw topic's tasks,
 * rather than in clustering's ({@code dedup.cluster-partitions}, one by default): {@link #intake}
 * (validation and redeliveries, keyed by post) and {@link #cluster} (the repartition by text and
 * the clusters, keyed by post again). {@link #writeUniquePosts(KStream)} also writes the clustered
 * posts to the unique-posts topic, with their deduplication fields only, for readers of their own.
 */
public final class DedupTopology {

  static final String STAGE = "streams.intake";
  static final String REDELIVERIES_STORE = "dedup-redeliveries";
  // Key-value stores since clusters began to live as long as their copies keep coming; their
  // window-store predecessors were dedup-cluster-texts, dedup-cluster-bands and dedup-clusters.
  static final String TEXTS_STORE = "dedup-cluster-text-index";
  static final String BANDS_STORE = "dedup-cluster-band-index";
  static final String CLUSTERS_STORE = "dedup-cluster-state";
  static final String EXPIRY_STORE = "dedup-cluster-expiry";

  private final VigieTopics topics;
  private final PostValidator validator;
  private final DedupSettings settings;
  private final StageMeters meters;
  private final Clock clock;

  public DedupTopology(
      VigieTopics topics,
      PostValidator validator,
      DedupSettings settings,
      StageMeters meters,
      Clock clock) {
    this.topics = topics;
    this.validator = validator;
    this.settings = settings;
    this.meters = meters;
    this.clock = clock;
  }

  /** Deduplication alone: {@link #intake} then {@link #cluster}. */
  public KStream<String, EnrichedPost> build(StreamsBuilder builder) {
    return cluster(builder, intake(builder));
  }

  /**
   * Adds the intake to {@code builder}, in the tasks of the raw topic's partitions: validation
   * (invalid posts to the dead-letter topic) and redeliveries dropped. Returns the posts left,
   * keyed by post, as {@link EnrichedPost}s of which only the post is set: the application enriches
   * them there, across every raw partition, before {@link #cluster} brings copies together.
   */
  public KStream<String, EnrichedPost> intake(StreamsBuilder builder) {
    Topic<String, Post> raw = topics.rawPosts();
    Topic<String, DeadLetter> deadLetters = topics.streamsDeadLetters();
    Duration redelivery = settings.redeliveryRetention();
    builder.addStateStore(
        Stores.windowStoreBuilder(
            Stores.persistentWindowStore(REDELIVERIES_STORE, redelivery, redelivery, false),
            Serdes.String(),
            Serdes.Long()));
    Map<String, KStream<String, Checked>> intake =
        builder.stream(
                raw.name(), Consumed.with(raw.keySerde(), raw.valueSerde()).withName("raw-posts"))
            .processValues(() -> new Checker(validator, meters), Named.as("validate-post"))
            .split(Named.as("intake-"))
            .branch((key, checked) -> checked.problem() == null, Branched.as("valid"))
            .defaultBranch(Branched.as("invalid"));
    intake
        .get("intake-invalid")
        .processValues(() -> new DeadLetterWriter(raw, meters), Named.as("to-dead-letter"))
        .to(
            deadLetters.name(),
            Produced.with(deadLetters.keySerde(), deadLetters.valueSerde())
                .withName("intake-dead-letters"));
    return intake
        .get("intake-valid")
        .mapValues(Checked::post, Named.as("valid-post"))
        .processValues(
            () -> new RedeliveryFilter(redelivery, meters),
            Named.as("drop-redeliveries"),
            REDELIVERIES_STORE)
        .mapValues(
            post -> EnrichedPost.newBuilder().setPost(post).setEnrichedAt(clock.instant()).build(),
            Named.as("unique-post"));
  }

  /**
   * Clusters {@code posts} (from {@link #intake}, enriched or not) after a repartition by the hash
   * of their normalised text, on {@code dedup.cluster-partitions} partitions: copies meet in one
   * task whatever raw partition they came in on. Returns them keyed by post again, with their
   * cluster set and everything else they carried kept.
   */
  public KStream<String, EnrichedPost> cluster(
      StreamsBuilder builder, KStream<String, EnrichedPost> posts) {
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(TEXTS_STORE), Serdes.Long(), Serdes.String()));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(BANDS_STORE), Serdes.Long(), Serdes.String()));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(CLUSTERS_STORE), Serdes.String(), Serdes.ByteArray()));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(EXPIRY_STORE), Serdes.Bytes(), Serdes.ByteArray()));
    return posts
        .selectKey((key, post) -> routingKey(post.getPost()), Named.as("route-by-text"))
        .repartition(
            Repartitioned.with(Serdes.String(), topics.uniquePosts().valueSerde())
                .withName("posts-by-text")
                .withNumberOfPartitions(settings.clusterPartitions()))
        .process(
            () -> new ClusterAssigner(settings, meters),
            Named.as("cluster-near-duplicates"),
            TEXTS_STORE,
            BANDS_STORE,
            CLUSTERS_STORE,
            EXPIRY_STORE);
  }

  /**
   * Also writes {@code clustered} (from {@link #cluster}) to the unique-posts topic, for readers of
   * their own, as v1 wrote it: the post and its deduplication fields, without what enrichment added
   * in the meantime.
   */
  public void writeUniquePosts(KStream<String, EnrichedPost> clustered) {
    Topic<String, EnrichedPost> topic = topics.uniquePosts();
    clustered
        .mapValues(DedupTopology::deduplicationOnly, Named.as("unique-fields"))
        .to(
            topic.name(),
            Produced.with(topic.keySerde(), topic.valueSerde()).withName("unique-posts"));
  }

  /** The post and what deduplication says of it, as the unique-posts topic has always carried. */
  static EnrichedPost deduplicationOnly(EnrichedPost post) {
    return EnrichedPost.newBuilder()
        .setPost(post.getPost())
        .setEnrichedAt(post.getEnrichedAt())
        .setClusterId(post.getClusterId())
        .setClusterOpener(post.getClusterOpener())
        .setClusterSize(post.getClusterSize())
        .setClusterAuthors(post.getClusterAuthors())
        .setClusterSimilarity(post.getClusterSimilarity())
        .setClusterOpenedAt(post.getClusterOpenedAt())
        .setRepost(post.getRepost())
        .setOriginalKey(post.getOriginalKey())
        .build();
  }

  /** The internal topic clustering reads from, as Kafka Streams names it. */
  public static String repartitionTopic(String applicationId) {
    return applicationId + "-posts-by-text-repartition";
  }

  /** Posts whose normalised texts are identical share a routing key, hence a partition. */
  private static String routingKey(Post post) {
    return Long.toHexString(MinHash.exactHash(TextNormalizer.normalize(post.getText())));
  }

  /** Drops a post whose key was seen within the retention. */
  private static final class RedeliveryFilter implements FixedKeyProcessor<String, Post, Post> {
    private final long retentionMs;
    private final Counter dropped;
    private FixedKeyProcessorContext<String, Post> context;
    private WindowStore<String, Long> seen;

    RedeliveryFilter(Duration retention, StageMeters meters) {
      this.retentionMs = retention.toMillis();
      this.dropped =
          meters.counter(
              "vigie.streams.redeliveries",
              "Posts dropped as redeliveries of one already seen",
              "stage",
              "dedup");
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Post> context) {
      this.context = context;
      this.seen = context.getStateStore(REDELIVERIES_STORE);
    }

    @Override
    public void process(FixedKeyRecord<String, Post> record) {
      Post post = record.value();
      String key = VigieTopics.postKey(post.getSource(), post.getId());
      // Remembered at the stream time it was seen, not at the post's own time: a window store
      // skips a write older than its retention, so a post arriving late was never remembered
      // (and logged a WARN each time), and its redelivery went through.
      long time = context.currentStreamTimeMs();
      try (WindowStoreIterator<Long> earlier =
          seen.fetch(key, Math.max(0, time - retentionMs), time)) {
        if (earlier.hasNext()) {
          dropped.increment();
          return;
        }
      }
      seen.put(key, record.timestamp(), time);
      context.forward(record);
    }
  }

  /** Puts each post in its near-duplicate cluster and keys it back by {@code <source>:<id>}. */
  private static final class ClusterAssigner
      implements Processor<String, EnrichedPost, String, EnrichedPost> {
    private final Counter out;
    private final Counter nearDuplicates;
    private final DedupSettings settings;
    private final PostClustering clustering;
    private ProcessorContext<String, EnrichedPost> context;
    private KeyValueStoreClusters memory;

    ClusterAssigner(DedupSettings settings, StageMeters meters) {
      this.out = meters.posts("dedup", "out");
      this.nearDuplicates = meters.nearDuplicates();
      this.settings = settings;
      this.clustering = new PostClustering(settings);
    }

    @Override
    public void init(ProcessorContext<String, EnrichedPost> context) {
      this.context = context;
      long retention = settings.clusterRetention().toMillis();
      this.memory =
          new KeyValueStoreClusters(
              context.getStateStore(TEXTS_STORE),
              context.getStateStore(BANDS_STORE),
              context.getStateStore(CLUSTERS_STORE),
              context.getStateStore(EXPIRY_STORE),
              clustering::bandKeys,
              retention);
      // On stream time, like the expiry itself: a replay forgets as the live stream would. A
      // cluster outlives its retention by at most one interval, and lookups never see it then.
      context.schedule(
          Duration.ofMillis(Math.max(1_000, retention / 24)),
          PunctuationType.STREAM_TIME,
          memory::expire);
    }

    @Override
    public void process(Record<String, EnrichedPost> record) {
      Post post = record.value().getPost();
      String key = VigieTopics.postKey(post.getSource(), post.getId());
      memory.at(context.currentStreamTimeMs());
      EnrichedPost clustered = clustering.assign(record.value(), record.timestamp(), memory);
      if (!clustered.getClusterOpener()) {
        nearDuplicates.increment();
      }
      out.increment();
      context.forward(record.withKey(key).withValue(clustered));
    }
  }

  /** A post with the outcome of its validation; problem is null when valid. */
  record Checked(Post post, String problem) {}

  private static final class Checker implements FixedKeyProcessor<String, Post, Checked> {
    private final Counter in;
    private final PostValidator validator;
    private FixedKeyProcessorContext<String, Checked> context;

    Checker(PostValidator validator, StageMeters meters) {
      this.in = meters.posts("dedup", "in");
      this.validator = validator;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Checked> context) {
      this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, Post> record) {
      in.increment();
      Post post = record.value();
      context.forward(record.withValue(new Checked(post, validator.problem(post).orElse(null))));
    }
  }

  /** Writes the refused post back as bytes, with where it was read from and why it was refused. */
  private static final class DeadLetterWriter
      implements FixedKeyProcessor<String, Checked, DeadLetter> {
    private final Topic<String, Post> source;
    private final Counter refused;
    private final AvroSerde<Post> postSerde = AvroSerde.of(Post.class);
    private FixedKeyProcessorContext<String, DeadLetter> context;

    DeadLetterWriter(Topic<String, Post> source, StageMeters meters) {
      this.source = source;
      this.refused =
          meters.counter(
              "vigie.streams.dead-letters",
              DeadLetterHandler.DESCRIPTION,
              "stage",
              STAGE,
              "error_class",
              "InvalidPost");
    }

    @Override
    public void init(FixedKeyProcessorContext<String, DeadLetter> context) {
      this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, Checked> record) {
      var metadata = context.recordMetadata().orElse(null);
      Post post = record.value().post();
      refused.increment();
      DeadLetter letter =
          DeadLetters.fromKafka(
              STAGE,
              metadata == null ? source.name() : metadata.topic(),
              metadata == null ? -1 : metadata.partition(),
              metadata == null ? -1 : metadata.offset(),
              record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8),
              post == null ? null : postSerde.encode(post),
              "InvalidPost",
              record.value().problem(),
              Instant.ofEpochMilli(context.currentSystemTimeMs()));
      // Stamped with the time it was refused, not the post's own time: a dead letter dated 1999
      // starts a log segment that the broker rolls at the next write and then deletes under time
      // retention, which is how a fault-injection run lost 6 of 85 far-past dead letters.
      context.forward(record.withValue(letter).withTimestamp(context.currentSystemTimeMs()));
    }
  }
}
