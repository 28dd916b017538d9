package io.vigie.core;

/**
 * Something Vigie needs locally (a port, a server, a JDK) is not available. The launcher prints
 * {@code "<what>: <message>"} and exits with its "unavailable" code rather than a stack trace: the
 * message says what went wrong and how to fix it.
 */
public class UnavailableException extends RuntimeException {

  private final String what;

  public UnavailableException(String what, String message) {
    super(message);
    this.what = what;
  }

  public UnavailableException(String what, String message, Throwable cause) {
    super(message, cause);
    this.what = what;
  }

  /** What was unavailable, as the launcher names it, e.g. "Local stack". */
  public String what() {
    return what;
  }
}
