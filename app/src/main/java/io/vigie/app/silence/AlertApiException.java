package io.vigie.app.silence;

/** The alert API did not do what was asked: why, and the message to show. */
public final class AlertApiException extends RuntimeException {

  /** Why the call failed, as a command maps it to an exit code. */
  public enum Cause {
    /** The API's 400: the request itself was wrong. */
    BAD_INPUT,
    /** 401, 403, 404, 409: understood but refused. */
    REFUSED,
    /** Not reached, or it could not record the change (5xx). */
    UNREACHABLE
  }

  private final Cause cause;

  public AlertApiException(Cause cause, String message) {
    super(message, null, false, false);
    this.cause = cause;
  }

  public Cause reason() {
    return cause;
  }
}
