package io.vigie.app.cli;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code vigie} exits with: every command returns one of these codes, and {@code vigie --help}
 * lists them with their descriptions.
 */
public enum ExitCode {
  OK(0, "Success."),
  FAILED(1, "The task failed (see the message)."),
  USAGE(2, "Wrong usage: unknown option or command."),
  BAD_CONFIG(3, "Invalid configuration."),
  UNAVAILABLE(4, "A server could not be started or reached."),
  INTERRUPTED(130, "Interrupted (Ctrl-C).");

  private final int code;
  private final String description;

  ExitCode(int code, String description) {
    this.code = code;
    this.description = description;
  }

  /** The process's exit status. */
  public int code() {
    return code;
  }

  /** The one line {@code vigie --help} prints for this code. */
  public String description() {
    return description;
  }

  /** The help's exit-code section: each code, in order, to its description. */
  public static Map<String, String> helpList() {
    Map<String, String> list = new LinkedHashMap<>();
    Arrays.stream(values()).forEach(exit -> list.put(String.valueOf(exit.code), exit.description));
    return list;
  }
}
