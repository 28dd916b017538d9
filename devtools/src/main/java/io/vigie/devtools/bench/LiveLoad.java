package io.vigie.devtools.bench;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.vigie.app.Pipeline;
import io.vigie.ingest.publish.IngestMetrics;
import io.vigie.ingest.publish.PostPublisher;
import io.vigie.schema.Alert;
import io.vigie.schema.Post;
import io.vigie.schema.VigieTopics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A live stream at a fixed rate into a running pipeline, posts stamped with the wall clock, with
 * planted episodes (a new hashtag posted by a dozen authors within six seconds, each in words of
 * their own) every 20 s, and three latencies measured from the moment a post is handed to the
 * producer: until it is on the enriched topic (read_committed), until a search finds it, and, for
 * an episode, from its first post until an alert names its hashtag.
 */
public final class LiveLoad {

  /** A sample every this many posts for the enriched and searchable latencies. */
  private static final int SAMPLE_EVERY = 10;

  private static final Duration EPISODE_EVERY = Duration.ofSeconds(20);
  private static final Duration FIRST_EPISODE = Duration.ofSeconds(10);

  /** Time after the last planted episode for its bucket to close and its alert to fire. */
  private static final Duration ALERT_ROOM = Duration.ofSeconds(70);

  /** Asked every sampling period for one row of figures (memory, lag), in a fixed column order. */
  public interface Sampler {
    List<String> sample() throws Exception;
  }

  private final Map<String, Object> kafka;
  private final Pipeline.Naming naming;
  private final ElasticsearchClient elasticsearch;
  private final MeterRegistry registry;
  private final int rate;
  private final Duration duration;
  private final Duration sampleEvery;
  private final Duration window;

  /**
   * @param window the shortest detection horizon: an episode's alert is due within it plus 5 s
   */
  public LiveLoad(
      Map<String, Object> kafka,
      Pipeline.Naming naming,
      ElasticsearchClient elasticsearch,
      MeterRegistry registry,
      int rate,
      Duration duration,
      Duration sampleEvery,
      Duration window) {
    this.kafka = kafka;
    this.naming = naming;
    this.elasticsearch = elasticsearch;
    this.registry = registry;
    this.rate = rate;
    this.duration = duration;
    this.sampleEvery = sampleEvery;
    this.window = window;
  }

  /** One planted episode: its hashtag, and when its first post was sent and its alert seen. */
  private static final class Episode {
    final String tag;
    volatile long onset;
    volatile long alertedAfterMs = -1;

    Episode(String tag) {
      this.tag = tag;
    }
  }

  public Result run(Sampler sampler) throws Exception {
    GeneratedChatter chatter = new GeneratedChatter(rate);
    Map<String, Long> toEnriched = new ConcurrentHashMap<>();
    Map<String, Long> toSearchable = new ConcurrentHashMap<>();
    List<Long> enrichedLatencies = Collections.synchronizedList(new ArrayList<>());
    List<Long> searchableLatencies = Collections.synchronizedList(new ArrayList<>());
    List<Episode> episodes = new CopyOnWriteArrayList<>();
    List<List<String>> samples = Collections.synchronizedList(new ArrayList<>());
    AtomicBoolean running = new AtomicBoolean(true);
    long start = System.nanoTime();

    List<Thread> watchers = new ArrayList<>();
    KafkaConsumer<String, byte[]> enrichedConsumer =
        fromEnd(naming.topics().enrichedPosts().name(), new ByteArrayDeserializer());
    KafkaConsumer<String, Alert> alertConsumer =
        fromEnd(
            naming.topics().alerts().name(), naming.topics().alerts().valueSerde().deserializer());
    watchers.add(
        watcher(
            "bench-enriched",
            running,
            () -> {
              for (var record : enrichedConsumer.poll(Duration.ofMillis(20))) {
                Long sent = toEnriched.remove(record.key());
                if (sent != null) {
                  enrichedLatencies.add((System.nanoTime() - sent) / 1_000_000);
                }
              }
            },
            enrichedConsumer::close));
    watchers.add(
        watcher(
            "bench-alerts",
            running,
            () -> {
              for (var record : alertConsumer.poll(Duration.ofMillis(50))) {
                long now = System.nanoTime();
                for (Episode episode : episodes) {
                  if (episode.alertedAfterMs < 0
                      && PlantedEpisodes.names(record.value(), episode.tag)) {
                    episode.alertedAfterMs = (now - episode.onset) / 1_000_000;
                  }
                }
              }
            },
            alertConsumer::close));
    String postsIndices = naming.indexPrefix() + "posts-*";
    watchers.add(
        watcher(
            "bench-searchable",
            running,
            () -> {
              if (!toSearchable.isEmpty()) {
                findOutstanding(elasticsearch, postsIndices, toSearchable, searchableLatencies);
              }
              Thread.sleep(20);
            },
            () -> {}));
    watchers.add(
        watcher(
            "bench-sampler",
            running,
            () -> {
              List<String> row = new ArrayList<>();
              row.add(Long.toString((System.nanoTime() - start) / 1_000_000_000L));
              row.addAll(sampler.sample());
              samples.add(row);
              Thread.sleep(sampleEvery.toMillis());
            },
            () -> {}));
    watchers.forEach(Thread::start);

    long total = (long) rate * duration.toSeconds();
    long published = 0;
    long nextEpisode = start + FIRST_EPISODE.toNanos();
    long lastEpisode = start + duration.minus(ALERT_ROOM).toNanos();
    try (PostPublisher publisher =
        PostPublisher.create(naming.topics().rawPosts(), kafka, new IngestMetrics(registry))) {
      for (long i = 0; i < total; i++) {
        long due = start + (long) (i * 1e9 / rate);
        long wait = due - System.nanoTime();
        if (wait > 200_000) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
        Post template = chatter.next();
        Instant now = Instant.now();
        Post post =
            Post.newBuilder(template)
                .setId("live-" + i)
                .setCreatedAt(now)
                .setIngestedAt(now)
                .build();
        if (i % SAMPLE_EVERY == 0) {
          String key = VigieTopics.postKey(post.getSource(), post.getId());
          long sent = System.nanoTime();
          toEnriched.put(key, sent);
          toSearchable.put(key, sent);
        }
        publisher.publish(post, (metadata, error) -> {});
        published++;
        if (System.nanoTime() >= nextEpisode && nextEpisode <= lastEpisode) {
          plant(publisher, episodes, episodes.size());
          nextEpisode += EPISODE_EVERY.toNanos();
        }
      }
      publisher.flush();
    }
    double achieved = published / ((System.nanoTime() - start) / 1e9);
    // Stragglers: posts still on their way, alerts whose buckets are still open.
    long deadline = System.nanoTime() + ALERT_ROOM.plusSeconds(20).toNanos();
    while (System.nanoTime() < deadline
        && (!toEnriched.isEmpty()
            || !toSearchable.isEmpty()
            || episodes.stream().anyMatch(e -> e.alertedAfterMs < 0))) {
      Thread.sleep(200);
    }
    running.set(false);
    for (Thread watcher : watchers) {
      watcher.join(Duration.ofSeconds(60).toMillis());
    }
    return new Result(
        published,
        achieved,
        sorted(enrichedLatencies),
        toEnriched.size(),
        sorted(searchableLatencies),
        toSearchable.size(),
        episodes.stream().mapToLong(e -> e.alertedAfterMs).toArray(),
        window,
        List.copyOf(samples));
  }

  /** Plants episode {@code number} now: see {@link PlantedEpisodes}. */
  private void plant(PostPublisher publisher, List<Episode> episodes, int number) {
    Episode episode = new Episode(PlantedEpisodes.tag(number));
    episode.onset = System.nanoTime();
    episodes.add(episode);
    for (Post post : PlantedEpisodes.posts("bench", number, Instant.now())) {
      publisher.publish(post, (metadata, error) -> {});
    }
  }

  private <V> KafkaConsumer<String, V> fromEnd(String topic, Deserializer<V> values) {
    Map<String, Object> props = new HashMap<>(kafka);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    KafkaConsumer<String, V> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), values);
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic).stream()
            .map(p -> new TopicPartition(topic, p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position); // resolve the end now, before the first post is sent
    return consumer;
  }

  private interface Step {
    void run() throws Exception;
  }

  private static Thread watcher(String name, AtomicBoolean running, Step step, Runnable close) {
    Thread thread =
        new Thread(
            () -> {
              try {
                while (running.get()) {
                  step.run();
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (Exception e) {
                throw new IllegalStateException(name + " failed", e);
              } finally {
                close.run();
              }
            },
            name);
    thread.setDaemon(true);
    return thread;
  }

  /**
   * One search for every outstanding post, by id; those found leave with their latency in ms. A
   * failed search is asked again next round.
   */
  public static void findOutstanding(
      ElasticsearchClient client,
      String pattern,
      Map<String, Long> outstanding,
      List<Long> latencies) {
    List<String> ids = List.copyOf(outstanding.keySet());
    try {
      var hits =
          client
              .search(
                  s ->
                      s.index(pattern)
                          .size(ids.size())
                          .source(src -> src.fetch(false))
                          .query(q -> q.ids(d -> d.values(ids))),
                  Void.class)
              .hits()
              .hits();
      long now = System.nanoTime();
      for (var hit : hits) {
        Long sent = outstanding.remove(hit.id());
        if (sent != null) {
          latencies.add((now - sent) / 1_000_000);
        }
      }
    } catch (Exception e) {
      // the next round asks again
    }
  }

  /** The {@code q} quantile of sorted values (nearest rank), or -1 when there are none. */
  public static long percentile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return -1;
    }
    return sorted[Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1))];
  }

  private static long[] sorted(List<Long> values) {
    synchronized (values) {
      return values.stream().mapToLong(Long::longValue).sorted().toArray();
    }
  }

  /**
   * What a live phase measured.
   *
   * @param alertedAfterMs per planted episode, ms from its first post to an alert naming it, -1 for
   *     none
   * @param samples rows from the sampler, each led by the second of the phase
   */
  public record Result(
      long published,
      double achievedRate,
      long[] toEnrichedMs,
      int neverEnriched,
      long[] toSearchableMs,
      int neverSearchable,
      long[] alertedAfterMs,
      Duration window,
      List<List<String>> samples) {

    public int planted() {
      return alertedAfterMs.length;
    }

    public int alerted() {
      return (int) Arrays.stream(alertedAfterMs).filter(ms -> ms >= 0).count();
    }

    public String latencyRows() {
      long[] onset = Arrays.stream(alertedAfterMs).filter(ms -> ms >= 0).sorted().toArray();
      long dueMs = window.plusSeconds(5).toMillis();
      long searchableP99 = percentile(toSearchableMs, 0.99);
      long onsetP99 = percentile(onset, 0.99);
      return row("ingest → enriched topic", toEnrichedMs, neverEnriched, "")
          + row(
              "ingest → searchable in Elasticsearch",
              toSearchableMs,
              neverSearchable,
              "p99 <= 3 s: "
                  + (neverSearchable == 0 && searchableP99 <= 3000 ? "met" : "**missed**"))
          + row(
              "planted onset (first post) → alert naming it",
              onset,
              planted() - alerted(),
              String.format(Locale.ROOT, "p99 <= %d s: ", dueMs / 1000)
                  + (alerted() == planted() && onsetP99 <= dueMs ? "met" : "**missed**"));
    }

    private static String row(String what, long[] sorted, int missing, String target) {
      return String.format(
          Locale.ROOT,
          "| %s | %s | %s | %,d%s | %s |%n",
          what,
          ms(percentile(sorted, 0.50)),
          ms(percentile(sorted, 0.99)),
          sorted.length,
          missing > 0 ? String.format(Locale.ROOT, " (%,d never arrived)", missing) : "",
          target);
    }

    private static String ms(long value) {
      return value < 0 ? "n/a" : String.format(Locale.ROOT, "%,d ms", value);
    }

    /** At most a dozen of the sampled rows, evenly spread, first and last included. */
    public String memoryTable() {
      StringBuilder t = new StringBuilder();
      t.append(
          "| second | Vigie RSS | Vigie heap | broker RSS | broker heap | Elasticsearch RSS | Elasticsearch heap | streams lag | indexer lag |\n");
      t.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
      int n = samples.size();
      int step = Math.max(1, (int) Math.ceil(n / 12.0));
      for (int i = 0; i < n; i++) {
        if (i % step == 0 || i == n - 1) {
          t.append("| ").append(String.join(" | ", samples.get(i))).append(" |\n");
        }
      }
      return t.toString();
    }

    /** The sampled memory and lag over time, as an SVG line chart. */
    public String plot() {
      return TimeSeriesPlot.svg(
          samples,
          List.of(
              "Vigie RSS",
              "Vigie heap",
              "broker RSS",
              "broker heap",
              "Elasticsearch RSS",
              "Elasticsearch heap",
              "streams lag",
              "indexer lag"),
          6);
    }
  }
}
