package io.vigie.devtools.faults;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A small disk of its own for a fault: a tmpfs mounted on a folder, which can be filled to the last
 * byte without touching the machine's real disks. Mounting needs root (or CAP_SYS_ADMIN).
 */
final class SmallDisk {

  private SmallDisk() {}

  /** Mounts a tmpfs of {@code size} (e.g. {@code 48m}) on {@code dir}; the reason if it cannot. */
  static Optional<String> mount(Path dir, String size) throws IOException, InterruptedException {
    String result = run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString());
    return result.isEmpty()
        ? Optional.empty()
        : Optional.of("cannot mount a tmpfs here (" + result.strip() + "); run as root");
  }

  /** Writes a file until the disk is full; returns it, for the caller to delete. */
  static Path fill(Path dir) throws IOException {
    Path filler = dir.resolve("filler");
    byte[] block = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(filler)) {
      while (true) {
        out.write(block);
      }
    } catch (IOException e) {
      if (e.getMessage() == null || !e.getMessage().contains("No space left")) {
        throw e;
      }
    }
    return filler;
  }

  static void unmount(Path dir) throws IOException, InterruptedException {
    run("umount", "-l", dir.toString());
  }

  /** Runs a command; its output when it failed, empty when it succeeded. */
  private static String run(String... command) throws IOException, InterruptedException {
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      return e.getMessage();
    }
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return command[0] + " did not finish";
    }
    return process.exitValue() == 0
        ? ""
        : output.isBlank() ? "exit " + process.exitValue() : output;
  }
}
