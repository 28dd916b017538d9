package io.vigie.devtools.bench;

import io.vigie.schema.EnrichedPost;
import io.vigie.schema.Post;
import io.vigie.schema.VigieTopics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Enriched posts for the detection state benchmark, published straight to the enriched topic: posts
 * spread evenly over the span, ending now, each with common words (a Zipf-like pick among {@value
 * #COMMON_WORDS}) and new ones: the worst case for an open vocabulary, every word a key. The same
 * seed gives the same posts.
 */
public final class NewTermPosts {

  private static final int COMMON_WORDS = 2_000;
  private static final int COMMON_WORDS_PER_POST = 5;

  private final int terms;
  private final int minutes;
  private final int newTermsPerPost;

  /** Posts carrying {@code terms} new terms, {@code newTermsPerPost} each, over {@code minutes}. */
  public NewTermPosts(int terms, int minutes, int newTermsPerPost) {
    this.terms = terms;
    this.minutes = minutes;
    this.newTermsPerPost = newTermsPerPost;
  }

  /** How many posts carry the terms. */
  public int posts() {
    return (terms + newTermsPerPost - 1) / newTermsPerPost;
  }

  /** Publishes {@code posts} posts; throws if Kafka refused any. */
  public void publish(VigieTopics topics, Map<String, Object> kafka, int posts) throws Exception {
    Map<String, Object> props = new HashMap<>(kafka);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    SplittableRandom random = new SplittableRandom(17);
    long end = Instant.now().toEpochMilli();
    long span = Duration.ofMinutes(minutes).toMillis();
    int next = 0;
    AtomicReference<Exception> failure = new AtomicReference<>();
    try (KafkaProducer<String, EnrichedPost> producer =
        new KafkaProducer<>(
            props, new StringSerializer(), topics.enrichedPosts().valueSerde().serializer())) {
      for (int i = 0; i < posts; i++) {
        Instant at = Instant.ofEpochMilli(end - span + span * i / posts);
        List<String> words = new ArrayList<>(COMMON_WORDS_PER_POST + newTermsPerPost);
        for (int w = 0; w < COMMON_WORDS_PER_POST; w++) {
          int rank =
              (int)
                  Math.min(
                      COMMON_WORDS - 1, Math.floor(Math.pow(COMMON_WORDS, random.nextDouble())));
          words.add("common" + word(rank));
        }
        for (int w = 0; w < newTermsPerPost && next < terms; w++) {
          words.add("new" + word(next++));
        }
        String id = "state-" + i;
        Post post =
            Post.newBuilder()
                .setSource("bench")
                .setId(id)
                .setText(String.join(" ", words))
                .setCreatedAt(at)
                .setIngestedAt(at)
                .build();
        EnrichedPost enriched =
            EnrichedPost.newBuilder()
                .setPost(post)
                .setEnrichedAt(at)
                .setWords(words)
                .setClusterId("bench:" + id)
                .build();
        producer.send(
            new ProducerRecord<>(
                topics.enrichedPosts().name(), null, at.toEpochMilli(), "bench:" + id, enriched),
            (metadata, e) -> {
              if (e != null) {
                failure.compareAndSet(null, e);
              }
            });
      }
      producer.flush();
      if (failure.get() != null) {
        throw new IllegalStateException("Posts not published: " + failure.get(), failure.get());
      }
    }
  }

  /** Letters only (digits are not terms): base 26. */
  static String word(int index) {
    StringBuilder word = new StringBuilder();
    int rest = index;
    do {
      word.append((char) ('a' + rest % 26));
      rest /= 26;
    } while (rest > 0);
    return word.toString();
  }
}
