package io.vigie.localstack;

import io.vigie.core.UnavailableException;

/** The local stack could not do something; the message says what went wrong and how to fix it. */
public class StackException extends UnavailableException {

  static final String WHAT = "Local stack";

  public StackException(String message) {
    super(WHAT, message);
  }

  public StackException(String message, Throwable cause) {
    super(WHAT, message, cause);
  }
}
