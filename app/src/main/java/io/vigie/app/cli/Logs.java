package io.vigie.app.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import io.vigie.app.config.VigieConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.Supplier;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.ParseResult;

/**
 * Where a command's logs go. A person at a terminal reads what the command prints (progress,
 * incidents, results); the Kafka, Streams and Elasticsearch clients' logs and Vigie's own INFO go
 * to a log file, whose path the command prints first. Warnings of Vigie's own code (each meant to
 * be acted on) and errors of any code reach the terminal too. A long-running service logs to its
 * console instead, where a container runtime or a service manager collects it.
 *
 * <p>{@code log.file} overrides the command's default: a file, {@code stdout} or {@code stderr}.
 */
public final class Logs {

  /** Where a command's logs go when {@code log.file} is empty. */
  public enum Default {
    /** A new file under {@code <stack.dir>/logs}: a command a person runs and waits for. */
    FILE,
    /** Standard output: a service that runs until stopped, in a container or under systemd. */
    CONSOLE,
    /** Left as they are (standard error): the command starts no client, so nothing logs. */
    UNCHANGED
  }

  static final String STDOUT = "stdout";
  static final String STDERR = "stderr";

  /** The line a command prints first when it logs to a file. */
  public static final String FILE_LINE = "Logs: %s%n";

  private static final String CONSOLE_CONFIG = "logback.xml";
  private static final String FILE_CONFIG = "io/vigie/app/cli/logback-file.xml";

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);

  private Logs() {}

  /** A destination: a file, or a console stream ({@code System.out} or {@code System.err}). */
  record Destination(Path file, String consoleTarget) {
    static Destination file(Path file) {
      return new Destination(file.toAbsolutePath().normalize(), null);
    }

    static Destination console(String target) {
      return new Destination(null, target);
    }

    boolean toFile() {
      return file != null;
    }
  }

  /**
   * Sends the logs of the command about to run where its {@link VigieCommand#defaultLogs()} and
   * {@code log.file} say, and prints the file's path on {@code err}. Help and version requests, and
   * a configuration that does not load (the command reports it), leave logging as it is.
   */
  public static void route(ParseResult parsed, Supplier<VigieConfig> config, PrintWriter err) {
    ParseResult last = parsed;
    while (true) {
      if (last.isUsageHelpRequested() || last.isVersionHelpRequested()) {
        return;
      }
      if (!last.hasSubcommand()) {
        break;
      }
      last = last.subcommand();
    }
    if (!(last.commandSpec().userObject() instanceof VigieCommand command)
        || command.defaultLogs() == Default.UNCHANGED) {
      return;
    }
    VigieConfig loaded;
    try {
      loaded = config.get();
    } catch (ConfigException e) {
      return;
    }
    Destination destination =
        choose(
            loaded.string(VigieConfig.LOG_FILE),
            command.defaultLogs(),
            loaded.stackDir().resolve("logs"),
            last.commandSpec().qualifiedName("-"),
            Instant.now());
    try {
      apply(destination);
    } catch (IllegalStateException e) {
      // A folder that cannot be written must not stop the command: its logs stay on the console.
      apply(Destination.console("System.err"));
      err.println(e.getMessage() + " (" + e.getCause() + "); logging to the console instead.");
      err.flush();
      return;
    }
    if (destination.toFile()) {
      err.printf(FILE_LINE, destination.file());
      err.flush();
    }
  }

  /** The destination {@code log.file} (empty, a path, stdout or stderr) names for a command. */
  static Destination choose(
      String configured, Default fallback, Path logsDir, String command, Instant now) {
    String value = configured.strip();
    if (value.equalsIgnoreCase(STDOUT)) {
      return Destination.console("System.out");
    }
    if (value.equalsIgnoreCase(STDERR)) {
      return Destination.console("System.err");
    }
    if (!value.isEmpty()) {
      return Destination.file(Path.of(value));
    }
    return fallback == Default.CONSOLE
        ? Destination.console("System.out")
        : Destination.file(logsDir.resolve(command + "-" + STAMP.format(now) + ".log"));
  }

  /** Reconfigures Logback for {@code destination}, from the launcher's own configuration files. */
  static void apply(Destination destination) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    try {
      if (destination.toFile()) {
        Files.createDirectories(destination.file().getParent());
      }
      context.reset();
      if (destination.toFile()) {
        context.putProperty("VIGIE_LOG_FILE", destination.file().toString());
      } else {
        context.putProperty("VIGIE_LOG_TARGET", destination.consoleTarget());
      }
      JoranConfigurator configurator = new JoranConfigurator();
      configurator.setContext(context);
      configurator.doConfigure(resource(destination.toFile() ? FILE_CONFIG : CONSOLE_CONFIG));
    } catch (IOException | JoranException e) {
      throw new IllegalStateException("Cannot send logs to " + describe(destination), e);
    }
  }

  private static String describe(Destination destination) {
    return destination.toFile() ? destination.file().toString() : destination.consoleTarget();
  }

  private static URL resource(String name) {
    URL url = Logs.class.getClassLoader().getResource(name);
    if (url == null) {
      throw new IllegalStateException("Missing logging configuration " + name);
    }
    return url;
  }
}
