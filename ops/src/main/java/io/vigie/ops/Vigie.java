package io.vigie.ops;

import io.vigie.core.UnavailableException;
import io.vigie.ops.cli.AlertsCommand;
import io.vigie.ops.cli.BacktestCommand;
import io.vigie.ops.cli.BenchCommand;
import io.vigie.ops.cli.ConfigCommand;
import io.vigie.ops.cli.ConsoleCommand;
import io.vigie.ops.cli.DemoCommand;
import io.vigie.ops.cli.DlqCommand;
import io.vigie.ops.cli.EraseAuthorCommand;
import io.vigie.ops.cli.EvalCommand;
import io.vigie.ops.cli.ExitCode;
import io.vigie.ops.cli.FaultsCommand;
import io.vigie.ops.cli.IndexCommand;
import io.vigie.ops.cli.IngestCommand;
import io.vigie.ops.cli.KibanaCommand;
import io.vigie.ops.cli.Logs;
import io.vigie.ops.cli.ResetCommand;
import io.vigie.ops.cli.RetentionCommand;
import io.vigie.ops.cli.RootCommand;
import io.vigie.ops.cli.SetupCommand;
import io.vigie.ops.cli.SilenceCommand;
import io.vigie.ops.cli.StackCommand;
import io.vigie.ops.cli.StreamsCommand;
import io.vigie.ops.cli.TrainCommand;
import io.vigie.ops.cli.WatchCommand;
import io.vigie.ops.config.BuildVersions;
import io.vigie.ops.config.ConfigLoader;
import io.vigie.ops.config.VigieConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
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
 */
@Command(
    name = "vigie",
    mixinStandardHelpOptions = true,
    versionProvider = Vigie.Version.class,
    description =
        "Streaming social-signal pipeline: Kafka Streams detection, Elasticsearch indexing, alerts.",
    subcommands = {
      DemoCommand.class,
      StackCommand.class,
      IngestCommand.class,
      SetupCommand.class,
      StreamsCommand.class,
      WatchCommand.class,
      BacktestCommand.class,
      EvalCommand.class,
      TrainCommand.class,
      IndexCommand.class,
      RetentionCommand.class,
      AlertsCommand.class,
      ConsoleCommand.class,
      SilenceCommand.class,
      DlqCommand.class,
      ResetCommand.class,
      EraseAuthorCommand.class,
      KibanaCommand.class,
      BenchCommand.class,
      FaultsCommand.class,
      ConfigCommand.class,
      CommandLine.HelpCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n")
public final class Vigie implements RootCommand {

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
    CommandLine cli = new CommandLine(vigie);
    // Annotations take constants only: the exit codes' list is ExitCode's, set here.
    cli.getCommandSpec().usageMessage().exitCodeList(ExitCode.helpList());
    cli.setOut(out);
    cli.setErr(err);
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

  /** Vigie's version and those of the servers its local stack runs. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {
        "vigie " + BuildVersions.get("vigie.version"),
        "Kafka "
            + BuildVersions.get("kafka.version")
            + ", Elasticsearch "
            + BuildVersions.get("elasticsearch.version")
            + " (local stack)",
        "Java " + System.getProperty("java.version")
      };
    }
  }
}
