package io.vigie.app.cli;

import io.vigie.app.config.VigieConfig;
import io.vigie.app.metrics.MetricsEndpoint;
import io.vigie.core.health.Health;
import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every sub-command shares: the configuration of the root command and its output streams. */
public abstract class VigieCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  protected VigieConfig config() {
    return ((RootCommand) spec.root().userObject()).config();
  }

  /**
   * This process's metrics, served on {@code metrics.port} when one is configured (the address is
   * printed then).
   */
  protected MetricsEndpoint metrics(String role) throws IOException {
    return metrics(role, new Health());
  }

  /**
   * The same, with {@code /health/live} and {@code /health/ready} answering from {@code health}.
   */
  protected MetricsEndpoint metrics(String role, Health health) throws IOException {
    MetricsEndpoint endpoint =
        MetricsEndpoint.start(
            role,
            config().string(VigieConfig.METRICS_HOST),
            config().integer(VigieConfig.METRICS_PORT),
            health);
    endpoint
        .port()
        .ifPresent(
            port ->
                out()
                    .printf(
                        "Metrics on http://%s:%d/metrics, health on /health/live and /health/ready%n",
                        config().string(VigieConfig.METRICS_HOST), port)
                    .flush());
    return endpoint;
  }

  /**
   * Where this command's client and library logs go unless {@code log.file} says otherwise: a file
   * by default; services that run until stopped override it with the console.
   */
  protected Logs.Default defaultLogs() {
    return Logs.Default.FILE;
  }

  protected PrintWriter out() {
    return spec.commandLine().getOut();
  }

  protected PrintWriter err() {
    return spec.commandLine().getErr();
  }

  /**
   * Asks at the terminal for {@code expected} to be typed; without one (a script, a pipe) nobody
   * can confirm, and only the command's {@code --yes} goes ahead.
   */
  protected boolean confirmedAtTerminal(String expected) {
    Console console = System.console();
    if (console == null) {
      err().println("No terminal to confirm at.");
      return false;
    }
    String answer = console.readLine("Type '%s' to confirm: ", expected);
    return answer != null && expected.equals(answer.strip());
  }
}
