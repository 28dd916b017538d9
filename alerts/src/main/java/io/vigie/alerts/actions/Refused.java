package io.vigie.alerts.actions;

/** A request the alert or silence API refuses with 4xx and a message for the person who sent it. */
final class Refused extends Exception {

  final int status;

  Refused(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }
}
