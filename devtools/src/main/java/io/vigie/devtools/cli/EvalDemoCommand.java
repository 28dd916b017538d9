package io.vigie.devtools.cli;

import io.vigie.app.backtest.HistoryBacktest;
import io.vigie.app.cli.ExitCode;
import io.vigie.app.cli.VigieCommand;
import io.vigie.devtools.DemoWatchRules;
import io.vigie.devtools.eval.DemoEvaluation;
import io.vigie.streams.enrich.PostEnricher;
import io.vigie.streams.watch.WatchRuleSet;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import picocli.CommandLine.Command;

/**
 * {@code vigie eval demo}: the demo's bundled samples and watch rules through the backtest's
 * detectors, each incident judged on or off topic from the CrisisLex labels of the posts its
 * subjects counted, and the demo's targets met or not.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "The demo's incidents (both bundled CrisisLex samples, the demo's watch rules, no servers) judged on or off topic from the labels of the posts they counted, and the demo's targets met or not."
    })
final class EvalDemoCommand extends VigieCommand {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  @Override
  public Integer call() throws Exception {
    PostEnricher enricher = PostEnricher.defaults();
    WatchRuleSet rules =
        WatchRuleSet.of(DemoWatchRules.rules(Instant.EPOCH), enricher.analysis()::fold);
    DemoEvaluation.Result result =
        new DemoEvaluation(new HistoryBacktest(config().detectionSettings(), enricher, rules))
            .run();
    out()
        .println(
            "| incident | severity | kind | title | opened at (UTC) | posts counted | on-topic share | verdict |");
    out().println("|---|---|---|---|---|---:|---:|---|");
    for (DemoEvaluation.Judged j : result.incidents()) {
      out()
          .printf(
              Locale.ROOT,
              "| %s | %s | %s | %s | %s | %d | %.2f | %s |%n",
              j.id(),
              j.severity(),
              j.kind(),
              j.title(),
              TIME.format(j.openedAt()),
              j.posts(),
              j.onTopicShare(),
              j.mostlyOnTopic() ? "on-topic" : "off-topic");
    }
    long pages = result.incidents().stream().filter(DemoEvaluation.Judged::pages).count();
    out().printf(Locale.ROOT, "%n%d incidents, %d above INFO.%n", result.incidents().size(), pages);
    boolean all = true;
    for (DemoEvaluation.Target target : result.targets()) {
      out()
          .printf(
              "%s: %s (%s)%n", target.name(), target.met() ? "met" : "NOT MET", target.detail());
      all &= target.met();
    }
    return all ? ExitCode.OK.code() : ExitCode.FAILED.code();
  }
}
