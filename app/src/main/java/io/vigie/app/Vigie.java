package io.vigie.app;

import io.vigie.app.cli.AlertsCommand;
import io.vigie.app.cli.BacktestCommand;
import io.vigie.app.cli.ConfigCommand;
import io.vigie.app.cli.ConsoleCommand;
import io.vigie.app.cli.DlqCommand;
import io.vigie.app.cli.EraseAuthorCommand;
import io.vigie.app.cli.ExitCode;
import io.vigie.app.cli.IndexCommand;
import io.vigie.app.cli.IngestCommand;
import io.vigie.app.cli.KibanaCommand;
import io.vigie.app.cli.Logs;
import io.vigie.app.cli.ResetCommand;
import io.vigie.app.cli.RetentionCommand;
import io.vigie.app.cli.RootCommand;
import io.vigie.app.cli.SetupCommand;
import io.vigie.app.cli.SilenceCommand;
import io.vigie.app.cli.StreamsCommand;
import io.vigie.app.cli.WatchCommand;
import io.vigie.app.config.BuildVersions;
import io.vigie.app.config.ConfigLoader;
import io.vigie.app.config.VigieConfig;
import io.vigie.core.UnavailableException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code vigie} command: one launcher for every Vigie deployable and task. {@link #execute}
 * returns the exit code instead of exiting, so that tests run it in-process.
 *
 * <p>The product's commands are listed here; a {@link LauncherExtension} on the class path (the dev
 * tools) adds its own, which take their places in {@link #COMMAND_ORDER}, so that {@code vigie
 * --help} reads the same with or without them.
 */
@Command(
    name = "vigie",
    mixinStandardHelpOptions = true,
    versionProvider = Vigie.Version.class,
    description =
        "Streaming social-signal pipeline: Kafka Streams detection, Elasticsearch indexing, alerts.",
    exitCodeListHeading = "%nExit codes:%n")
public final class Vigie implements RootCommand {

  /** Every command's place in {@code vigie --help}: the order a new user meets them. */
  static final List<String> COMMAND_ORDER =
      List.of(
          "demo",
          "stack",
          "ingest",
          "setup",
          "streams",
          "watch",
          "backtest",
          "eval",
          "train",
          "index",
          "retention",
          "alerts",
          "console",
          "silence",
          "dlq",
          "reset",
          "erase-author",
          "kibana",
          "bench",
          "faults",
          "config",
          "help");

  private static final List<Class<?>> PRODUCT_COMMANDS =
      List.of(
          IngestCommand.class,
          SetupCommand.class,
          StreamsCommand.class,
          WatchCommand.class,
          BacktestCommand.class,
          IndexCommand.class,
          RetentionCommand.class,
          AlertsCommand.class,
          ConsoleCommand.class,
          SilenceCommand.class,
          DlqCommand.class,
          ResetCommand.class,
          EraseAuthorCommand.class,
          KibanaCommand.class,
          ConfigCommand.class,
          CommandLine.HelpCommand.class);

  @Option(
      names = {"-c", "--config"},
      scope = ScopeType.INHERIT,
      paramLabel = "FILE",
      description = "Properties file of configuration keys (see 'vigie config keys').")
  private Path configFile;

  @Option(
      names = {"-s", "--set"},
      scope = ScopeType.INHERIT,
      paramLabel = "KEY=VALUE",
      description =
          "Sets one configuration key; wins over the file and VIGIE_* variables. Repeatable.")
  private Map<String, String> settings = new LinkedHashMap<>();

  private Map<String, String> environment = System.getenv();

  /** The configuration from defaults, --config, VIGIE_* variables and --set, in that order. */
  @Override
  public VigieConfig config() {
    return ConfigLoader.load(Optional.ofNullable(configFile), environment, settings);
  }

  public static void main(String[] args) {
    int exit =
        execute(
            args,
            System.getenv(),
            new PrintWriter(System.out, true),
            new PrintWriter(System.err, true),
            true);
    System.exit(exit);
  }

  /** Runs a command in this JVM, its logs left where the caller's logging sends them. */
  public static int execute(
      String[] args, Map<String, String> environment, PrintWriter out, PrintWriter err) {
    return execute(args, environment, out, err, false);
  }

  /**
   * @param routeLogs whether the command's logs go where {@code log.file} and the command's kind
   *     say (a file for a task, the console for a service): the launcher's process does, a test
   *     running commands in its own JVM keeps its logging
   */
  static int execute(
      String[] args,
      Map<String, String> environment,
      PrintWriter out,
      PrintWriter err,
      boolean routeLogs) {
    Vigie vigie = new Vigie();
    vigie.environment = environment;
    CommandLine cli = commandLine(vigie);
    // Annotations take constants only: the exit codes' list is ExitCode's, set here.
    cli.getCommandSpec().usageMessage().exitCodeList(ExitCode.helpList());
    cli.setOut(out);
    cli.setErr(err);
    CommandLine.IParameterExceptionHandler usage = cli.getParameterExceptionHandler();
    cli.setParameterExceptionHandler(
        (error, arguments) -> {
          if (isAbsentCommand(cli, arguments)) {
            err.printf(
                "vigie %s is one of the dev tools, which this build of Vigie does not hold: run it"
                    + " with ./vigie from a Vigie source checkout.%n",
                arguments[0]);
            return ExitCode.USAGE.code();
          }
          return usage.handleParseException(error, arguments);
        });
    if (routeLogs) {
      cli.setExecutionStrategy(
          parsed -> {
            Logs.route(parsed, vigie::config, err);
            return new CommandLine.RunLast().execute(parsed);
          });
    }
    cli.setExecutionExceptionHandler(
        (error, command, parsed) -> {
          Throwable cause = error;
          while (cause.getCause() != null
              && !(cause instanceof ConfigException)
              && !(cause instanceof UnavailableException)) {
            cause = cause.getCause();
          }
          if (cause instanceof ConfigException) {
            err.println("Configuration error: " + cause.getMessage());
            return ExitCode.BAD_CONFIG.code();
          }
          if (cause instanceof UnavailableException unavailable) {
            err.println(unavailable.what() + ": " + cause.getMessage());
            return ExitCode.UNAVAILABLE.code();
          }
          if (cause instanceof InterruptedException) {
            return ExitCode.INTERRUPTED.code();
          }
          err.println("vigie " + parsed.subcommand().commandSpec().name() + " failed: " + error);
          error.printStackTrace(err);
          return ExitCode.FAILED.code();
        });
    try {
      return cli.execute(args);
    } finally {
      out.flush();
      err.flush();
    }
  }

  /** The command line of {@code vigie} with every installed command, as the launcher parses it. */
  public static CommandLine commandLine(Vigie vigie) {
    CommandLine cli = new CommandLine(vigie);
    addCommands(cli, LauncherExtension.installed());
    return cli;
  }

  /** The product's commands and the extensions', in {@link #COMMAND_ORDER}. */
  static void addCommands(CommandLine cli, List<LauncherExtension> extensions) {
    Map<String, Object> byName = new HashMap<>();
    for (Class<?> command : PRODUCT_COMMANDS) {
      byName.put(nameOf(command), command);
    }
    for (LauncherExtension extension : extensions) {
      for (Object command : extension.commands()) {
        String name = nameOf(command instanceof Class<?> type ? type : command.getClass());
        if (byName.putIfAbsent(name, command) != null) {
          throw new IllegalStateException("Two commands are named " + name);
        }
      }
    }
    for (String name : COMMAND_ORDER) {
      Object command = byName.remove(name);
      if (command != null) {
        cli.addSubcommand(name, command);
      }
    }
    if (!byName.isEmpty()) {
      throw new IllegalStateException(
          "Commands without a place in COMMAND_ORDER: " + byName.keySet());
    }
  }

  /** A command of {@link #COMMAND_ORDER} that no installed module provides (the product image). */
  static boolean isAbsentCommand(CommandLine cli, String[] arguments) {
    return arguments.length > 0
        && COMMAND_ORDER.contains(arguments[0])
        && !cli.getSubcommands().containsKey(arguments[0]);
  }

  private static String nameOf(Class<?> command) {
    return command.getAnnotation(Command.class).name();
  }

  /**
   * Vigie's version, its Kafka clients', and, where the dev tools are installed, the servers their
   * local stack runs.
   */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return versionLines(!LauncherExtension.installed().isEmpty());
    }
  }

  static String[] versionLines(boolean withLocalStack) {
    String kafka = BuildVersions.get("kafka.version");
    return new String[] {
      "vigie " + BuildVersions.get("vigie.version"),
      withLocalStack
          ? "Kafka "
              + kafka
              + ", Elasticsearch "
              + BuildVersions.get("elasticsearch.version")
              + " (local stack)"
          : "Kafka clients " + kafka,
      "Java " + System.getProperty("java.version")
    };
  }
}
