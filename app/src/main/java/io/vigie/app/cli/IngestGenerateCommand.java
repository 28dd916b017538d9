package io.vigie.app.cli;

import io.vigie.core.text.Durations;
import io.vigie.ingest.generate.GeneratedFiles;
import io.vigie.ingest.generate.Scenario;
import io.vigie.ingest.generate.ScenarioGenerator;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigie ingest generate}: deterministic traffic with planted episodes, to a file. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = {
      "Write generated traffic, deterministic for a seed, to a JSON-lines file: French and English background chatter with a daily cycle,",
      "plus planted scenarios (crisis, bad-buzz, astroturf) whose first post and expected signal go to a ground-truth file.",
      "Publish it with 'vigie ingest replay FILE'."
    })
final class IngestGenerateCommand extends VigieCommand {

  @Option(
      names = "--out",
      required = true,
      paramLabel = "FILE",
      description = "Posts file (.jsonl, or .jsonl.gz).")
  Path out;

  @Option(
      names = "--truth",
      paramLabel = "FILE",
      description = "Ground-truth file (default: <out without extension>.truth.jsonl).")
  Path truth;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--start",
      defaultValue = "2026-01-05T00:00:00Z",
      description = "Time of the first minute, ISO-8601 (default: ${DEFAULT-VALUE}, a Monday).")
  String start;

  @Option(
      names = "--duration",
      defaultValue = "1d",
      description = "How long the traffic lasts: 90m, 6h, 1d... (default: ${DEFAULT-VALUE}).")
  String duration;

  @Option(
      names = "--rate",
      defaultValue = "20",
      description = "Background posts per minute on average (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(
      names = "--scenario",
      paramLabel = "KIND@OFFSET[:SUBJECT[:LANG]]",
      description =
          "A planted episode, e.g. crisis@6h, bad-buzz@9h:Acme:en, astroturf@12h. Repeatable.")
  List<String> scenarios = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    List<Scenario> planted = scenarios.stream().map(Scenario::parse).toList();
    ScenarioGenerator.Generated generated =
        new ScenarioGenerator(seed, Instant.parse(start), Durations.parse(duration), rate)
            .generate(planted);
    Path truthFile = truth != null ? truth : GeneratedFiles.truthFileFor(out);
    GeneratedFiles.write(generated, out, truthFile);
    out()
        .printf(
            Locale.ROOT,
            "Wrote %,d posts to %s and %d planted episode(s) to %s%n",
            generated.posts().size(),
            out,
            generated.truth().size(),
            truthFile);
    return ExitCode.OK.code();
  }
}
