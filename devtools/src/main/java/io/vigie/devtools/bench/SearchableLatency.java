package io.vigie.devtools.bench;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.vigie.app.Connections;
import io.vigie.app.Pipeline;
import io.vigie.schema.EnrichedPost;
import io.vigie.schema.Post;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Post-to-searchable latency of a live stream into a running indexer: publishes enriched posts at
 * {@code rate} posts/s for 20 s and measures every tenth post's time from send to the first search
 * that finds it. One poller asks for every outstanding post each 20 ms, so that a slow find never
 * delays the next measurement (a thread per watched post would queue them behind each other and add
 * the wait to the figure).
 */
public final class SearchableLatency {

  private SearchableLatency() {}

  /** The latencies found, in milliseconds, sorted. */
  public static long[] measure(
      Connections connections, Pipeline.Naming naming, ElasticsearchClient client, int rate)
      throws Exception {
    var topic = naming.topics().enrichedPosts();
    String pattern = naming.indexPrefix() + "posts-*";
    int total = rate * 20;
    Map<String, Long> outstanding = new ConcurrentHashMap<>();
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    AtomicBoolean publishing = new AtomicBoolean(true);
    Thread poller =
        new Thread(
            () -> {
              long until = Long.MAX_VALUE;
              while (System.nanoTime() < until) {
                if (!publishing.get() && until == Long.MAX_VALUE) {
                  until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                }
                if (outstanding.isEmpty()) {
                  if (!publishing.get()) {
                    return;
                  }
                } else {
                  LiveLoad.findOutstanding(client, pattern, outstanding, latencies);
                }
                try {
                  Thread.sleep(20);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "bench-searchable");
    poller.start();
    try (var producer =
        new KafkaProducer<>(
            connections.kafka(), topic.keySerde().serializer(), topic.valueSerde().serializer())) {
      long start = System.nanoTime();
      for (int i = 0; i < total; i++) {
        long due = start + (long) (i * 1e9 / rate);
        while (System.nanoTime() < due) {
          Thread.sleep(0, 200_000);
        }
        Instant now = Instant.now();
        String id = "live-" + i;
        Post post =
            Post.newBuilder()
                .setSource("bench")
                .setId(id)
                .setText("live post " + i)
                .setCreatedAt(now)
                .setIngestedAt(now)
                .build();
        if (i % 10 == 0) {
          outstanding.put("bench:" + id, System.nanoTime());
        }
        producer.send(
            new ProducerRecord<>(
                topic.name(),
                "bench:" + id,
                EnrichedPost.newBuilder().setPost(post).setEnrichedAt(now).build()));
      }
    } finally {
      publishing.set(false);
    }
    poller.join(Duration.ofSeconds(90).toMillis());
    return latencies.stream().mapToLong(Long::longValue).sorted().toArray();
  }
}
