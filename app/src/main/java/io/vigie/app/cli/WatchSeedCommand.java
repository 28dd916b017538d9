package io.vigie.app.cli;

import io.vigie.app.watch.RuleSeeding;
import io.vigie.app.watch.WatchRules;
import io.vigie.schema.WatchRule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code vigie watch seed}: learns a rule's baselines from history. */
@Command(
    name = "seed",
    mixinStandardHelpOptions = true,
    description = {
      "Learn a rule's baselines from history, so that it starts warm instead of cold.",
      "Runs the detectors over FILE (CrisisLex CSV or JSON lines, .gz too) with the rule and publishes what they learned to the detection-seeds topic; the live detectors start from it when the rule's first post arrives (seed before that)."
    })
final class WatchSeedCommand extends VigieCommand {
  @Parameters(index = "0", paramLabel = "ID", description = "The rule's id.")
  String id;

  @Parameters(index = "1", paramLabel = "FILE", description = "Posts from the past.")
  Path history;

  @Override
  public Integer call() throws Exception {
    IngestTarget target = IngestTarget.open(config());
    WatchRule rule = new WatchRules(target.topics().watchRules(), target.kafka()).all().get(id);
    if (rule == null) {
      err().println("No watch rule '" + id + "' (see: vigie watch list)");
      return ExitCode.USAGE.code();
    }
    if (!Files.isReadable(history)) {
      err().println(history + ": not a readable file");
      return ExitCode.USAGE.code();
    }
    Optional<Integer> posts =
        new RuleSeeding(
                config().detectionSettings(), target.topics().detectionSeeds(), target.kafka())
            .seed(rule, history);
    if (posts.isEmpty()) {
      err().println("No post of " + history + " matches rule '" + id + "': nothing to learn.");
      return ExitCode.FAILED.code();
    }
    out()
        .printf(
            "Seeded rule '%s' from %,d posts of %s; the live detectors start from it at its first post.%n",
            id, posts.get(), history);
    return ExitCode.OK.code();
  }
}
