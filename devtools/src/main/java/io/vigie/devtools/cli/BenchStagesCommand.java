package io.vigie.devtools.cli;

import io.vigie.app.cli.ExitCode;
import io.vigie.app.cli.VigieCommand;
import io.vigie.devtools.bench.BenchReport;
import io.vigie.devtools.bench.ModelHeap;
import io.vigie.devtools.bench.StageBenchmarks;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vigie bench stages}: JMH figures for each per-post stage of dedup, enrichment and
 * detection.
 */
@Command(
    name = "stages",
    mixinStandardHelpOptions = true,
    description = {
      "JMH: microseconds per post for normalisation and hashing, tokenising, entities, language, sentiment, watch rules, the whole enrichment, Avro encoding and decoding, a post's observations, and the detectors over them (state, sketches, baselines).",
      "One fork, 3 warm-up and 5 measured iterations of 1 s each per stage (about 1 min 50 s in all)."
    })
final class BenchStagesCommand extends VigieCommand {

  @Option(
      names = "--output",
      paramLabel = "FILE",
      description = "Also write the table, with the machine's description, to this Markdown file.")
  Path output;

  @Option(
      names = "--only",
      paramLabel = "REGEX",
      description =
          "Run only the stages whose name matches (JMH's include pattern), e.g. 'detect.*'.")
  String only;

  @Option(
      names = "--jvm-args",
      paramLabel = "ARGS",
      description =
          "Extra arguments for the forked benchmark JVM, e.g. a flight recording: '-XX:StartFlightRecording=filename=detect.jfr'.")
  String jvmArgs;

  @Override
  public Integer call() throws Exception {
    Options options =
        new OptionsBuilder()
            .include(StageBenchmarks.class.getName() + (only == null ? "" : "\\." + only))
            .forks(1)
            .warmupIterations(3)
            .warmupTime(TimeValue.seconds(1))
            .measurementIterations(5)
            .measurementTime(TimeValue.seconds(1))
            .jvmArgsAppend(jvmArguments())
            .build();
    Collection<RunResult> results = new Runner(options).run();
    StringBuilder table = new StringBuilder();
    table.append("| stage (one post) | µs/post | ± (99.9%) | posts/s on one core |\n");
    table.append("|---|---:|---:|---:|\n");
    results.stream()
        .sorted(Comparator.comparing(r -> r.getParams().getBenchmark()))
        .forEach(
            r -> {
              var score = r.getPrimaryResult();
              String name =
                  r.getParams()
                      .getBenchmark()
                      .substring(StageBenchmarks.class.getName().length() + 1);
              table.append(
                  String.format(
                      Locale.ROOT,
                      "| `%s` | %.2f | %.2f | %,.0f |%n",
                      name,
                      score.getScore(),
                      score.getScoreError(),
                      1e6 / score.getScore()));
            });
    if (only == null || "sentiment".matches(only)) {
      table.append(
          String.format(
              Locale.ROOT,
              "%nSentiment model on the heap: %.1f MB (used heap after full collections, before and after loading it).%n",
              ModelHeap.sentimentModelMegabytes()));
    }
    BenchReport.report(out(), output, "Per-stage benchmark", "stages", table.toString());
    return ExitCode.OK.code();
  }

  private String[] jvmArguments() {
    List<String> arguments = new ArrayList<>(List.of("-Xmx1g"));
    if (jvmArgs != null && !jvmArgs.isBlank()) {
      arguments.addAll(List.of(jvmArgs.trim().split("\\s+")));
    }
    return arguments.toArray(String[]::new);
  }
}
