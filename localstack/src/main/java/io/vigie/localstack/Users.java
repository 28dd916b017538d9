package io.vigie.localstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What the local stack needs from the operating system's users when it runs as root. */
final class Users {

  private Users() {}

  static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"))
        || "0".equals(run(List.of("id", "-u")).output().strip());
  }

  /** Creates {@code user} as a system account with no home and no login shell, unless it exists. */
  static void ensureSystemUser(String user) {
    if (run(List.of("id", "-u", user)).exit() == 0) {
      return;
    }
    Result created =
        run(
            List.of(
                "useradd",
                "--system",
                "--no-create-home",
                "--home-dir",
                "/nonexistent",
                "--shell",
                "/usr/sbin/nologin",
                user));
    if (created.exit() != 0 && run(List.of("id", "-u", user)).exit() != 0) {
      throw new StackException(
          "Elasticsearch refuses to run as root, and creating the system user '"
              + user
              + "' failed: "
              + created.output().strip()
              + ". Create it yourself, run Vigie as an ordinary user, or set stack.elasticsearch.user.");
    }
  }

  static void chown(String user, Path folder) {
    Result result = run(List.of("chown", "-R", user + ":", folder.toString()));
    if (result.exit() != 0) {
      throw new StackException(
          "Cannot give " + folder + " to user " + user + ": " + result.output().strip());
    }
  }

  /**
   * Fails with a hint when {@code user} cannot read {@code file} (a parent folder closed to others,
   * as root's home is).
   */
  static void checkCanRead(String user, Path file, String key) {
    if (run(List.of("runuser", "-u", user, "--", "test", "-r", file.toString())).exit() != 0) {
      throw new StackException(
          "User "
              + user
              + " cannot read "
              + file
              + ": a parent folder is closed to other users (root's home is). Set "
              + key
              + " to a folder outside it, e.g. /var/tmp/vigie.");
    }
  }

  record Result(int exit, String output) {}

  static Result run(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return new Result(-1, "timed out");
      }
      return new Result(process.exitValue(), output);
    } catch (IOException e) {
      return new Result(-1, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(-1, "interrupted");
    }
  }
}
