package io.vigie.alerts.dispatch;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The silences set at run time that one {@code vigie alerts} process knows, shared by its
 * dispatcher (which follows the silences topic into it) and its API (which adds what it just wrote,
 * so a list right after a change shows it). Safe across threads.
 *
 * <p>A silence is only ever shortened (created, then perhaps removed early), so when two states of
 * one silence meet, in whatever order the topic and the API deliver them, the one ending earlier is
 * the newer and is kept.
 */
public final class SilenceBook {

  private final Map<String, Silence> silences = new ConcurrentHashMap<>();

  /** Adds a silence, or the newer state of one already known. */
  public void put(Silence silence) {
    silences.merge(
        silence.id(),
        silence,
        (known, arriving) -> arriving.endsAt().isBefore(known.endsAt()) ? arriving : known);
  }

  public Optional<Silence> get(String id) {
    return Optional.ofNullable(silences.get(id));
  }

  /** Every silence, expired ones included, the latest to start first. */
  public List<Silence> all() {
    return silences.values().stream()
        .sorted(Comparator.comparing(Silence::startsAt).thenComparing(Silence::id).reversed())
        .toList();
  }
}
