package io.vigie.streams.watch;

/** A watch-rule query that does not parse: what is wrong and where (0-based character). */
public final class WatchQueryException extends Exception {

  private final int position;

  public WatchQueryException(String message, int position) {
    super("at character " + (position + 1) + ": " + message);
    this.position = position;
  }

  /** 0-based position of the offending character in the query. */
  public int position() {
    return position;
  }
}
