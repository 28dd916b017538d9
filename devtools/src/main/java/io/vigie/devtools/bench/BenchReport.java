package io.vigie.devtools.bench;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How a benchmark shows its table: printed, and written with the machine that produced it. */
public final class BenchReport {

  private BenchReport() {}

  /**
   * Prints {@code table} and, when {@code output} is set, writes it there under {@code title} with
   * the command and the machine that produced it.
   */
  public static void report(
      PrintWriter out, Path output, String title, String subcommand, String table)
      throws IOException {
    out.println();
    out.print(table);
    if (output == null) {
      return;
    }
    Path parent = output.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(
        output,
        "# "
            + title
            + "\n\nProduced by `./vigie bench "
            + subcommand
            + " --output "
            + output
            + "` on "
            + machine()
            + ".\n\n"
            + table,
        StandardCharsets.UTF_8);
    out.println("Written to " + output);
  }

  public static String machine() {
    return String.format(
        Locale.ROOT,
        "%s, %d cores, %.0f GiB, Java %s (%s)",
        DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC).format(Instant.now()),
        Runtime.getRuntime().availableProcessors(),
        ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize()
            / (1024.0 * 1024 * 1024),
        System.getProperty("java.version"),
        System.getProperty("os.name") + " " + System.getProperty("os.arch"));
  }
}
