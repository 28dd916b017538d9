package io.vigie.devtools.faults;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import io.vigie.app.Pipeline;
import io.vigie.devtools.bench.PlantedEpisodes;
import io.vigie.schema.Alert;
import io.vigie.schema.DeadLetter;
import io.vigie.schema.TopicReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Compares a {@link Ledger} with what the pipeline wrote, read as a downstream consumer would:
 * every output topic read_committed, Elasticsearch by id, and the dead letters by original key.
 */
final class LedgerCheck {

  /** How long reading one output topic to its end may take. */
  private static final Duration READ_TIMEOUT = Duration.ofMinutes(5);

  /** What the comparison found. */
  record Outcome(
      long valid,
      long lost,
      long duplicated,
      long deadLetteredExpected,
      long deadLetteredUnexpected,
      long invalidNotDeadLettered,
      int episodes,
      int episodesAlerted,
      long alertVersionsDuplicated,
      long documentsLost,
      long documentsDuplicated) {
    // documentsLost and documentsDuplicated are -1 when the run indexes nothing.

    boolean clean() {
      return valid > 0 // a run the broker acknowledged nothing of has shown nothing
          && lost == 0
          && duplicated == 0
          && deadLetteredUnexpected == 0
          && invalidNotDeadLettered == 0
          && episodesAlerted == episodes
          && alertVersionsDuplicated == 0
          && documentsLost <= 0
          && documentsDuplicated <= 0;
    }
  }

  private LedgerCheck() {}

  /**
   * @param elasticsearch the client to look posts up by id with, or null when the run indexes
   *     nothing
   */
  static Outcome check(
      Ledger ledger,
      Map<String, Object> kafka,
      Pipeline.Naming naming,
      ElasticsearchClient elasticsearch)
      throws IOException {
    Map<String, Integer> enriched = new HashMap<>();
    for (var record :
        TopicReader.readAll(
            kafka,
            naming.topics().enrichedPosts().name(),
            new ByteArrayDeserializer(),
            READ_TIMEOUT)) {
      enriched.merge(record.key(), 1, Integer::sum);
    }
    Collection<String> valid = ledger.valid();
    long lost = valid.stream().filter(k -> !enriched.containsKey(k)).count();
    long duplicated = enriched.values().stream().mapToLong(n -> n - 1).sum();

    Set<String> invalid = new HashSet<>(ledger.invalid());
    Set<String> deadLettered = new HashSet<>();
    for (var record :
        TopicReader.readAll(
            kafka,
            naming.topics().streamsDeadLetters().name(),
            naming.topics().streamsDeadLetters().valueSerde().deserializer(),
            READ_TIMEOUT)) {
      deadLettered.add(originalKey(record.value()));
    }
    long expectedLetters = deadLettered.stream().filter(invalid::contains).count();
    long unexpectedLetters = deadLettered.size() - expectedLetters;
    long invalidMissing = invalid.stream().filter(k -> !deadLettered.contains(k)).count();

    List<Alert> alerts = new ArrayList<>();
    TopicReader.readAll(
            kafka,
            naming.topics().alerts().name(),
            naming.topics().alerts().valueSerde().deserializer(),
            READ_TIMEOUT)
        .forEach(r -> alerts.add(r.value()));
    Set<String> versions = new HashSet<>();
    long versionsTwice = 0;
    for (Alert alert : alerts) {
      if (!versions.add(alert.getId() + "_v" + alert.getVersion())) {
        versionsTwice++;
      }
    }
    int alerted = 0;
    for (Ledger.Episode episode : ledger.episodes()) {
      if (alerts.stream().anyMatch(a -> PlantedEpisodes.names(a, episode.tag()))) {
        alerted++;
      }
    }

    long documentsLost = -1;
    long documentsDuplicated = -1;
    if (elasticsearch != null) {
      Map<String, Integer> documents = documentIds(elasticsearch, naming.indexPrefix() + "posts-*");
      documentsLost = valid.stream().filter(k -> !documents.containsKey(k)).count();
      documentsDuplicated = documents.values().stream().mapToLong(n -> n - 1).sum();
    }
    return new Outcome(
        valid.size(),
        lost,
        duplicated,
        expectedLetters,
        unexpectedLetters,
        invalidMissing,
        ledger.episodes().size(),
        alerted,
        versionsTwice,
        documentsLost,
        documentsDuplicated);
  }

  private static String originalKey(DeadLetter letter) {
    ByteBuffer key = letter.getOriginalKey();
    if (key == null) {
      return "";
    }
    byte[] bytes = new byte[key.remaining()];
    key.duplicate().get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /**
   * Every document id in {@code indices} with how many indices hold it, paged with search_after
   * over a point in time: the way that works on every cluster, whatever its size.
   */
  private static Map<String, Integer> documentIds(ElasticsearchClient client, String indices)
      throws IOException {
    client.indices().refresh(r -> r.index(indices));
    String pit = client.openPointInTime(p -> p.index(indices).keepAlive(k -> k.time("2m"))).id();
    Map<String, Integer> ids = new HashMap<>();
    try {
      List<FieldValue> after = null;
      while (true) {
        List<FieldValue> from = after;
        SearchResponse<Void> page =
            client.search(
                s -> {
                  s.pit(p -> p.id(pit).keepAlive(k -> k.time("2m")))
                      .size(5000)
                      .source(src -> src.fetch(false))
                      .sort(o -> o.field(f -> f.field("_shard_doc")));
                  if (from != null) {
                    s.searchAfter(from);
                  }
                  return s;
                },
                Void.class);
        List<Hit<Void>> hits = page.hits().hits();
        if (hits.isEmpty()) {
          return ids;
        }
        hits.forEach(h -> ids.merge(h.id(), 1, Integer::sum));
        after = hits.get(hits.size() - 1).sort();
      }
    } finally {
      client.closePointInTime(c -> c.id(pit));
    }
  }
}
