package io.vigie.ops.stack;

/** The local stack could not do something; the message says what went wrong and how to fix it. */
public class StackException extends RuntimeException {

  public StackException(String message) {
    super(message);
  }

  public StackException(String message, Throwable cause) {
    super(message, cause);
  }
}
