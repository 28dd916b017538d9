package io.vigie.devtools.demo;

import java.io.PrintWriter;

/**
 * One transient line at the bottom of a terminal, such as a progress bar, redrawn in place with a
 * carriage return. Other output clears it first ({@link #clearFor}), so that a line printed while
 * the bar is up starts at the left margin instead of after the bar; the bar comes back at its next
 * {@link #show}.
 */
public final class StatusLine {

  private final PrintWriter terminal;
  private int shown;

  public StatusLine(PrintWriter terminal) {
    this.terminal = terminal;
  }

  /** Replaces the line with {@code line}. */
  public synchronized void show(String line) {
    terminal.print("\r" + line + " ".repeat(Math.max(0, shown - line.length())));
    terminal.flush();
    shown = line.length();
  }

  /** Runs {@code print}, which writes whole lines elsewhere on the same terminal, line cleared. */
  public synchronized void clearFor(Runnable print) {
    if (shown > 0) {
      terminal.print("\r" + " ".repeat(shown) + "\r");
      terminal.flush();
      shown = 0;
    }
    print.run();
  }

  /** Leaves the line as it is and moves below it, for good. */
  public synchronized void end() {
    if (shown > 0) {
      terminal.println();
      terminal.flush();
      shown = 0;
    }
  }
}
