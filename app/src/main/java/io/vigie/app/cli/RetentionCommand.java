package io.vigie.app.cli;

import io.vigie.app.Connections;
import io.vigie.app.Pipeline;
import io.vigie.app.config.VigieConfig;
import io.vigie.indexer.elasticsearch.ElasticsearchClients;
import io.vigie.indexer.retention.ExpiredIndices;
import io.vigie.indexer.retention.IndexRetention;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigie retention}: deletes indices past their retention, once. */
@Command(
    name = "retention",
    mixinStandardHelpOptions = true,
    description =
        "Delete Vigie's monthly indices past their retention (elasticsearch.*-retention-days), once,"
            + " on a cluster without index lifecycle management; vigie index does it every"
            + " elasticsearch.retention-sweep-minutes. Prints every index it deletes.")
public final class RetentionCommand extends VigieCommand {

  @Option(names = "--dry-run", description = "Print the indices past their retention, delete none.")
  boolean dryRun;

  @Option(
      names = "--at",
      paramLabel = "DATE",
      description =
          "With --dry-run: the indices that will be past their retention on this day (yyyy-MM-dd,"
              + " UTC) or instant (ISO-8601), instead of now.")
  String at;

  @Override
  public Integer call() throws Exception {
    if (at != null && !dryRun) {
      err().println("--at previews a later date and only goes with --dry-run.");
      return ExitCode.USAGE.code();
    }
    Clock clock;
    try {
      clock = at == null ? Clock.systemUTC() : Clock.fixed(instant(at), ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      err()
          .println(
              "--at " + at + ": not a date (2027-01-31) nor an instant (2027-01-31T12:00:00Z).");
      return ExitCode.USAGE.code();
    }
    VigieConfig config = config();
    Connections connections = Connections.resolve(config);
    String prefix = Pipeline.Naming.from(config).indexPrefix();
    var client = ElasticsearchClients.create(connections.elasticsearch());
    try {
      IndexRetention.Report report =
          new IndexRetention(client, prefix, config.indexRetention(), clock).apply(dryRun);
      if (report.lifecycle()) {
        out()
            .println(
                "Index lifecycle management applies the retention on this cluster (policies "
                    + prefix
                    + "posts, "
                    + prefix
                    + "signals and "
                    + prefix
                    + "alerts, installed by vigie setup); Vigie deletes nothing itself.");
        return ExitCode.OK.code();
      }
      for (ExpiredIndices.Expired index : report.expired()) {
        out()
            .printf(
                "%s %s: %s of %s, created %s, past its retention of %d days%n",
                dryRun ? "Would delete" : "Deleted",
                index.index(),
                index.kind(),
                index.month(),
                index.created(),
                index.retention().toDays());
      }
      out()
          .printf(
              "%d %s past retention; %d kept.%n",
              report.expired().size(),
              report.expired().size() == 1 ? "index" : "indices",
              report.kept());
      if (dryRun) {
        out().println("Dry run: nothing deleted.");
      }
      return ExitCode.OK.code();
    } finally {
      client._transport().close();
    }
  }

  private static Instant instant(String text) {
    return text.contains("T")
        ? Instant.parse(text)
        : LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
  }
}
