package io.vigie.ops.console;

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
 * it comes (the console's event stream).
 */
public final class IncidentBoard {

  private static final int SHOWN = 200;

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
    }
  }

  /** The latest version of the most recently changed incidents, newest first. */
  public List<Alert> current() {
    return latest.values().stream()
        .sorted(Comparator.comparing(Alert::getUpdatedAt).reversed())
        .limit(SHOWN)
        .toList();
  }

  /**
   * Tells {@code listener} of every newer version from now on, until the returned handle closes.
   */
  public AutoCloseable listen(Consumer<Alert> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }
}
