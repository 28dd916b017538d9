package io.vigie.devtools.cli;

import io.vigie.app.cli.ExitCode;
import io.vigie.app.cli.VigieCommand;
import io.vigie.devtools.BundledDatasets;
import io.vigie.devtools.eval.NearDuplicateEvaluation;
import io.vigie.ingest.replay.CrisisLexCsv;
import io.vigie.streams.dedup.NearDuplicateClusters;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigie eval dedup}: near-duplicate clustering measured on CrisisLex T6 tweets. */
@Command(
    name = "dedup",
    mixinStandardHelpOptions = true,
    description = {
      "Near-duplicate clustering on CrisisLex T6 tweets: recall on manual retweets, precision by word overlap.",
      "Without --data, the two CrisisLex samples bundled with Vigie."
    })
final class EvalDedupCommand extends VigieCommand {
  @Option(
      names = "--data",
      arity = "1..*",
      paramLabel = "CSV",
      description =
          "CrisisLex T6 CSV files (.csv or .csv.gz), e.g. the six events of the CrisisLex T6 collection.")
  List<Path> files = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    out().println("| event | tweets | clustered | RT with original | recall | precision (proxy) |");
    out().println("|---|---:|---:|---:|---:|---:|");
    if (files.isEmpty()) {
      for (BundledDatasets.CrisisLexEvent event : BundledDatasets.crisisLex()) {
        report(event.name(), event.read());
      }
    } else {
      for (Path file : files) {
        try (InputStream raw = Files.newInputStream(file);
            InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
          report(
              file.getFileName().toString(),
              CrisisLexCsv.read(new InputStreamReader(in, StandardCharsets.UTF_8)));
        }
      }
    }
    return ExitCode.OK.code();
  }

  private void report(String name, CrisisLexCsv.Contents contents) {
    List<NearDuplicateEvaluation.Tweet> tweets =
        contents.rows().stream()
            .sorted(Comparator.comparingLong(row -> Long.parseLong(row.id())))
            .map(row -> new NearDuplicateEvaluation.Tweet(row.id(), row.text()))
            .toList();
    NearDuplicateEvaluation.Result r =
        new NearDuplicateEvaluation().evaluate(tweets, NearDuplicateClusters.defaults());
    out()
        .printf(
            Locale.ROOT,
            "| %s | %,d | %,d | %,d | %.1f%% (%d) | %.1f%% (%d of %d) |%n",
            name,
            r.tweets(),
            r.clusteredTweets(),
            r.retweetsWithOriginal(),
            100 * r.recall(),
            r.retweetsFound(),
            100 * r.precision(),
            r.confirmedMembers(),
            r.checkedMembers());
    out().flush();
  }
}
