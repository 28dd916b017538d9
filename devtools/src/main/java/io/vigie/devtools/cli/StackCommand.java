package io.vigie.devtools.cli;

import io.vigie.app.cli.ExitCode;
import io.vigie.app.cli.VigieCommand;
import io.vigie.app.config.VigieConfig;
import io.vigie.devtools.stack.StackSpecs;
import io.vigie.localstack.LocalStack;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigie stack up|down|status}: the local Kafka broker and Elasticsearch node. */
@Command(
    name = "stack",
    description =
        "Start, stop or inspect the local Kafka broker and Elasticsearch node (used when no cluster is configured).",
    mixinStandardHelpOptions = true,
    subcommands = {StackCommand.Up.class, StackCommand.Down.class, StackCommand.Status.class})
public final class StackCommand {

  @Command(
      name = "up",
      mixinStandardHelpOptions = true,
      description = "Start the local stack in the background and print its addresses.")
  static final class Up extends VigieCommand {
    @Option(
        names = "--fresh",
        description = "Delete the data of an earlier stack first (downloads are kept).")
    boolean fresh;

    @Override
    public Integer call() {
      VigieConfig config = config();
      LocalStack.Spec spec = StackSpecs.from(config, LocalStack.DEFAULT_NAME);
      Optional<LocalStack> running = LocalStack.attach(spec);
      if (running.isPresent()) {
        out().println("Already running: " + running.get().describe());
        return ExitCode.OK.code();
      }
      // The progress Vigie logs goes to the log file: say what the wait is for.
      out()
          .println(
              "Starting a local Kafka broker and Elasticsearch node (first run unpacks Elasticsearch)...");
      out().flush();
      LocalStack stack = LocalStack.startInBackground(spec, fresh);
      stack.saveState();
      out().println("Local stack running: " + stack.describe());
      stack.bootstrapServers().ifPresent(b -> out().println("  kafka.bootstrap.servers=" + b));
      stack.elasticsearchUrl().ifPresent(u -> out().println("  elasticsearch.urls=" + u));
      out().println("Stop it with: vigie stack down");
      return ExitCode.OK.code();
    }
  }

  @Command(
      name = "down",
      mixinStandardHelpOptions = true,
      description = "Stop the local stack started by 'vigie stack up'.")
  static final class Down extends VigieCommand {
    @Override
    public Integer call() {
      Optional<LocalStack> running =
          LocalStack.attach(StackSpecs.from(config(), LocalStack.DEFAULT_NAME));
      if (running.isEmpty()) {
        out().println("No local stack is running.");
        return ExitCode.OK.code();
      }
      running.get().close();
      out().println("Local stack stopped.");
      return ExitCode.OK.code();
    }
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = "Say whether the local stack runs and answers; exit 4 when it does not.")
  static final class Status extends VigieCommand {
    @Override
    public Integer call() {
      Optional<LocalStack> running =
          LocalStack.attach(StackSpecs.from(config(), LocalStack.DEFAULT_NAME));
      if (running.isEmpty()) {
        out().println("Local stack: not running (start it with 'vigie stack up').");
        return ExitCode.UNAVAILABLE.code();
      }
      boolean healthy = running.get().isHealthy();
      out()
          .println(
              "Local stack: "
                  + (healthy ? "healthy" : "running but not answering")
                  + " - "
                  + running.get().describe());
      return healthy ? ExitCode.OK.code() : ExitCode.UNAVAILABLE.code();
    }
  }
}
