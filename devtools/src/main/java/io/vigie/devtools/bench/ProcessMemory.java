package io.vigie.devtools.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Memory of a process as the operating system and the JVM see it: resident set size from {@code
 * /proc}, heap in use from {@code jcmd GC.heap_info}. Either may be unknown (another OS, a JRE
 * without jcmd, a process of another user), which a report prints as such.
 */
public final class ProcessMemory {

  private static final Pattern RSS = Pattern.compile("(?m)^VmRSS:\\s+(\\d+) kB");
  private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

  private ProcessMemory() {}

  /**
   * Resident set size in bytes of the process and its descendants: a server started through a
   * launcher (runuser, a script) has its JVM as a child.
   */
  public static OptionalLong rss(long pid) {
    return rss(pid, Set.of());
  }

  /**
   * Resident set size in bytes of the process and its descendants, leaving out the processes {@code
   * apart} and their own descendants: a bench that started the broker and Elasticsearch as its
   * children reports them on lines of their own, and counting them again in its own figure would
   * charge Vigie for both servers.
   */
  public static OptionalLong rss(long pid, Set<Long> apart) {
    OptionalLong own = ownRss(pid);
    if (own.isEmpty()) {
      return own;
    }
    Set<Long> excluded = new HashSet<>(apart);
    for (long server : apart) {
      ProcessHandle.of(server)
          .ifPresent(h -> h.descendants().forEach(child -> excluded.add(child.pid())));
    }
    long total = own.getAsLong();
    for (ProcessHandle child :
        ProcessHandle.of(pid).map(h -> h.descendants().toList()).orElse(List.of())) {
      if (!excluded.contains(child.pid())) {
        total += ownRss(child.pid()).orElse(0);
      }
    }
    return OptionalLong.of(total);
  }

  private static OptionalLong ownRss(long pid) {
    try {
      Matcher m =
          RSS.matcher(
              Files.readString(
                  Path.of("/proc", Long.toString(pid), "status"), StandardCharsets.UTF_8));
      return m.find() ? OptionalLong.of(Long.parseLong(m.group(1)) * 1024) : OptionalLong.empty();
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
  }

  /** Heap in use in another JVM of the same user, in bytes, asked of it through jcmd. */
  public static OptionalLong heapUsed(long pid) {
    if (pid == ProcessHandle.current().pid()) {
      Runtime runtime = Runtime.getRuntime();
      return OptionalLong.of(runtime.totalMemory() - runtime.freeMemory());
    }
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    if (!Files.isExecutable(jcmd)) {
      return OptionalLong.empty();
    }
    try {
      Process process =
          new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.heap_info")
              .redirectErrorStream(true)
              .start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(20, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        return OptionalLong.empty();
      }
      Matcher m = HEAP_USED.matcher(output);
      return m.find() ? OptionalLong.of(Long.parseLong(m.group(1)) * 1024) : OptionalLong.empty();
    } catch (IOException e) {
      return OptionalLong.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return OptionalLong.empty();
    }
  }

  /** {@code 123 MiB}, or {@code n/a}. */
  public static String mib(OptionalLong bytes) {
    return bytes.isPresent() ? (bytes.getAsLong() / (1024 * 1024)) + " MiB" : "n/a";
  }
}
