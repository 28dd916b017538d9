package io.vigie.devtools.faults;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the broker acknowledged of the posts a fault run sent, and what each must become: every
 * valid post one record on the enriched topic (and one document when the run indexes), every
 * invalid one a dead letter, every planted episode an alert. Only acknowledged posts are promised:
 * a send the producer gave up on (a broker away longer than the delivery timeout) is counted apart,
 * as its sender was told. Thread-safe: the producer's callbacks fill it.
 */
public final class Ledger {

  /** A planted episode: its hashtag and the wall-clock time its first post was sent. */
  public record Episode(String tag, long sentAtMillis) {}

  private final Map<String, Long> valid = new ConcurrentHashMap<>();
  private final Map<String, Long> invalid = new ConcurrentHashMap<>();
  private final List<Episode> episodes = new CopyOnWriteArrayList<>();
  private final AtomicLong unacknowledged = new AtomicLong();

  void acknowledged(String key, boolean expectValid) {
    (expectValid ? valid : invalid).put(key, System.nanoTime());
  }

  void unacknowledged() {
    unacknowledged.incrementAndGet();
  }

  void planted(Episode episode) {
    episodes.add(episode);
  }

  /** Keys of the valid posts acknowledged so far. */
  public Collection<String> valid() {
    return valid.keySet();
  }

  /** Keys of the valid posts acknowledged before {@code nanoTime}. */
  public List<String> validBefore(long nanoTime) {
    List<String> keys = new ArrayList<>();
    valid.forEach(
        (key, at) -> {
          if (at < nanoTime) {
            keys.add(key);
          }
        });
    return keys;
  }

  /** Keys of the posts acknowledged that validation must refuse. */
  public Collection<String> invalid() {
    return invalid.keySet();
  }

  public List<Episode> episodes() {
    return List.copyOf(episodes);
  }

  /** Sends the producer reported failed: never acknowledged, so never promised. */
  public long unacknowledgedCount() {
    return unacknowledged.get();
  }
}
