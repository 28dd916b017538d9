package io.vigie.ingest.replay;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;

/**
 * Where a replay of a file stands, kept in a small properties file so that an interrupted replay
 * resumes without publishing acknowledged posts again. The file's size and modification time are
 * recorded: a changed file starts over. {@link #none()} keeps nothing.
 */
public final class ReplayCheckpoint {

  /**
   * {@code unreadableDone}: unreadable lines were dead-lettered; {@code postsDone}: posts handled,
   * in event-time order.
   */
  public record State(boolean unreadableDone, long postsDone) {
    static final State START = new State(false, 0);
  }

  private final Optional<Path> location;

  private ReplayCheckpoint(Optional<Path> location) {
    this.location = location;
  }

  public static ReplayCheckpoint at(Path location) {
    return new ReplayCheckpoint(Optional.of(location));
  }

  public static ReplayCheckpoint none() {
    return new ReplayCheckpoint(Optional.empty());
  }

  State load(Path file) throws IOException {
    if (location.isEmpty() || !Files.isRegularFile(location.get())) {
      return State.START;
    }
    Properties props = new Properties();
    try (InputStream in = Files.newInputStream(location.get())) {
      props.load(in);
    }
    if (!fingerprint(file).equals(props.getProperty("file.fingerprint"))) {
      return State.START;
    }
    return new State(
        Boolean.parseBoolean(props.getProperty("unreadable.done")),
        Long.parseLong(props.getProperty("posts.done", "0")));
  }

  void save(Path file, State state) throws IOException {
    if (location.isEmpty()) {
      return;
    }
    Properties props = new Properties();
    props.setProperty("file", file.toAbsolutePath().toString());
    props.setProperty("file.fingerprint", fingerprint(file));
    props.setProperty("unreadable.done", Boolean.toString(state.unreadableDone()));
    props.setProperty("posts.done", Long.toString(state.postsDone()));
    Path target = location.get();
    Path partial = target.resolveSibling(target.getFileName() + ".tmp");
    try (OutputStream out = Files.newOutputStream(partial)) {
      props.store(out, "vigie ingest replay checkpoint");
    }
    Files.move(
        partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static String fingerprint(Path file) throws IOException {
    return Files.size(file) + "@" + Files.getLastModifiedTime(file).toMillis();
  }
}
