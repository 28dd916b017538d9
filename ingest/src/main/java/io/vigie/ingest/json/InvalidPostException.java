package io.vigie.ingest.json;

/** Input that does not describe a valid post; the message names the field and what is wrong. */
public final class InvalidPostException extends Exception {

  public InvalidPostException(String message) {
    super(message);
  }
}
