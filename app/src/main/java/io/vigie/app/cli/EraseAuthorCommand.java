package io.vigie.app.cli;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.vigie.app.Connections;
import io.vigie.app.Pipeline;
import io.vigie.app.config.VigieConfig;
import io.vigie.indexer.elasticsearch.ElasticsearchClients;
import io.vigie.indexer.privacy.AuthorErasure;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vigie erase-author}: one author's posts, and quotes of them, out of Elasticsearch. */
@Command(
    name = "erase-author",
    mixinStandardHelpOptions = true,
    description = {
      "Erase one author (a data-subject request): delete their posts from the indices under elasticsearch.index-prefix and remove their posts quoted as samples in signals and alerts.",
      "Kafka topics keep records until their retention (topics.retention-hours) deletes them: Kafka cannot delete one record of a time-retained topic. Detection state may still quote the author in the next version of an incident open now: run again once it has resolved.",
      "Asks for the author id to confirm, unless --yes."
    })
public final class EraseAuthorCommand extends VigieCommand {

  @Parameters(
      paramLabel = "AUTHOR_ID",
      description = "The author's id, as posts carry it (author.id).")
  String authorId;

  @Option(names = "--yes", description = "Do not ask for confirmation.")
  boolean yes;

  @Override
  public Integer call() throws Exception {
    VigieConfig config = config();
    if (!yes && !confirmedAtTerminal(authorId)) {
      err().println("Nothing erased (confirm by typing the author id, or pass --yes).");
      return ExitCode.USAGE.code();
    }
    Connections connections = Connections.resolve(config);
    Pipeline.Naming naming = Pipeline.Naming.from(config);
    ElasticsearchClient client = ElasticsearchClients.create(connections.elasticsearch());
    try {
      AuthorErasure.Result result =
          new AuthorErasure(client, naming.indexPrefix(), 500).erase(authorId);
      out()
          .printf(
              "Erased %s: %d posts deleted, %d signals and alerts rewritten without their quotes (handles %s).%n",
              authorId, result.postsDeleted(), result.documentsScrubbed(), result.handles());
      out()
          .printf(
              "Kafka topics under '%s' keep their records until retention (%d h) deletes them.%n",
              naming.topicPrefix(), config.integer(VigieConfig.TOPICS_RETENTION_HOURS));
      return ExitCode.OK.code();
    } finally {
      client._transport().close();
    }
  }
}
