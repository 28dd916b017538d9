package io.vigie.devtools.cli;

import io.micrometer.core.instrument.Metrics;
import io.vigie.app.cli.ExitCode;
import io.vigie.app.cli.VigieCommand;
import io.vigie.app.config.VigieConfig;
import io.vigie.core.text.Durations;
import io.vigie.devtools.bench.BenchReport;
import io.vigie.devtools.faults.FaultReport;
import io.vigie.devtools.faults.FaultSuite;
import io.vigie.devtools.process.ChildProcess;
import io.vigie.devtools.stack.StackSpecs;
import io.vigie.localstack.LocalStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigie faults}: the fault-injection suite on a fresh local broker and Elasticsearch. */
@Command(
    name = "faults",
    mixinStandardHelpOptions = true,
    description = {
      "Inject faults into a live pipeline on a fresh local broker and Elasticsearch node and check a ledger of every post sent against every output:",
      "kill -9 of Streams instances, SIGSTOP zombies, a broker killed and restarted, Elasticsearch stopped during indexing, the alert dispatcher killed between sending and committing, a full state disk (needs root).",
      "Every scenario also sends far-future and far-past posts (dead-lettered), out-of-order bursts and a final spike followed by silence. Exit 1 if anything was lost or came twice."
    })
public final class FaultsCommand extends VigieCommand {

  @Option(
      names = "--only",
      split = ",",
      paramLabel = "SCENARIO",
      description =
          "Scenarios to run, comma-separated (default: all): streams-kill, zombie, broker-restart, elasticsearch-outage, dispatcher-kill, disk-full.")
  List<String> only;

  @Option(
      names = "--kills",
      defaultValue = "20",
      description = "Kills of a Streams instance in streams-kill (default: ${DEFAULT-VALUE}).")
  int kills;

  @Option(
      names = "--repeats",
      defaultValue = "0",
      description =
          "Times the zombie pause, the broker restart and the dispatcher kill are repeated (default: 2, 2 and 3).")
  int repeats;

  @Option(
      names = "--rate",
      defaultValue = "100",
      description = "Posts per second sent during each scenario (default: ${DEFAULT-VALUE}).")
  int rate;

  @Option(
      names = "--outage",
      defaultValue = "60s",
      description = "How long Elasticsearch stays stopped (default: ${DEFAULT-VALUE}).")
  String outage;

  @Option(
      names = "--output",
      paramLabel = "FILE",
      description =
          "Also write the results table, with the machine's description, to this Markdown file.")
  Path output;

  @Override
  public Integer call() throws Exception {
    VigieConfig config = config();
    List<FaultSuite.Scenario> scenarios = new ArrayList<>();
    try {
      for (String name : only == null ? labels() : only) {
        scenarios.add(FaultSuite.Scenario.of(name.strip()));
      }
    } catch (IllegalArgumentException e) {
      err().println(e.getMessage() + "; scenarios: " + String.join(", ", labels()));
      return ExitCode.USAGE.code();
    }
    Path jar = ChildProcess.launcherJar();
    if (!Files.isRegularFile(jar)) {
      err().println("The packaged launcher " + jar + " is missing: run mvn package first.");
      return ExitCode.FAILED.code();
    }
    FaultSuite.Settings settings =
        new FaultSuite.Settings(kills, rate, Durations.parse(outage), repeats);
    Path dir = Files.createTempDirectory("vigie-faults-");
    LocalStack stack = LocalStack.start(StackSpecs.from(config, "faults").withName("faults"), true);
    FaultReport report;
    try {
      report =
          new FaultSuite(stack, jar, dir, settings, out(), Metrics.globalRegistry).run(scenarios);
    } finally {
      stack.close();
      stack.deleteData();
    }
    if (report.clean()) {
      deleteQuietly(dir);
    } else {
      err().println("Logs of every process and their state are kept in " + dir);
    }
    String table = report.table();
    out().println();
    out().print(table);
    if (output != null) {
      Path parent = output.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(
          output,
          "# Fault injection\n\nProduced by `./vigie faults"
              + (only == null ? "" : " --only " + String.join(",", only))
              + (kills == 20 ? "" : " --kills " + kills)
              + (repeats == 0 ? "" : " --repeats " + repeats)
              + " --output "
              + output
              + "` on "
              + BenchReport.machine()
              + ".\n\n"
              + table,
          StandardCharsets.UTF_8);
      out().println("Written to " + output);
    }
    out().flush();
    return report.clean() ? ExitCode.OK.code() : ExitCode.FAILED.code();
  }

  private static void deleteQuietly(Path dir) {
    try (var files = Files.walk(dir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    } catch (IOException | UncheckedIOException e) {
      // a leftover temporary folder is harmless
    }
  }

  private static List<String> labels() {
    return Arrays.stream(FaultSuite.Scenario.values()).map(s -> s.label).toList();
  }
}
