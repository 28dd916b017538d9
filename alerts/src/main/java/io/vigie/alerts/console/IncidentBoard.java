package io.vigie.alerts.console;

import io.vigie.schema.Alert;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The incidents the console shows: the latest version of each alert it was given (an older version
 * arriving late changes nothing), newest change first, and listeners told of every newer version as
 * it comes (the console's event stream). A long-running console reads the whole alerts topic, so
 * the board keeps the {@value #KEPT} most recently changed incidents and forgets older ones: far
 * more than the page shows, bounded whatever the topic's retention.
 */
public final class IncidentBoard {

  private static final int SHOWN = 200;
  static final int KEPT = 5_000;

  private final Map<String, Alert> latest = new ConcurrentHashMap<>();
  private final List<Consumer<Alert>> listeners = new CopyOnWriteArrayList<>();

  /** Takes an alert version; listeners hear of it when it is newer than what the board had. */
  public void accept(Alert alert) {
    boolean[] newer = {false};
    latest.compute(
        alert.getId(),
        (id, known) -> {
          if (known == null || known.getVersion() < alert.getVersion()) {
            newer[0] = true;
            return alert;
          }
          return known;
        });
    if (newer[0]) {
      listeners.forEach(listener -> listener.accept(alert));
      if (latest.size() > KEPT) {
        forgetOldest();
      }
    }
  }

  private synchronized void forgetOldest() {
    while (latest.size() > KEPT) {
      latest.values().stream()
          .min(Comparator.comparing(Alert::getUpdatedAt))
          .ifPresent(oldest -> latest.remove(oldest.getId(), oldest));
    }
  }

  /** The latest version of the most recently changed incidents, newest first. */
  public List<Alert> current() {
    return latest.values().stream()
        .sorted(Comparator.comparing(Alert::getUpdatedAt).reversed())
        .limit(SHOWN)
        .toList();
  }

  int size() {
    return latest.size();
  }

  boolean knows(String id) {
    return latest.containsKey(id);
  }

  /**
   * Tells {@code listener} of every newer version from now on, until the returned handle closes.
   */
  public AutoCloseable listen(Consumer<Alert> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }
}
