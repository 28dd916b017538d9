package io.vigie.app.cli;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.vigie.app.Connections;
import io.vigie.app.Pipeline;
import io.vigie.indexer.elasticsearch.ElasticsearchClients;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vigie reset}: reprocess from the start, as Kafka's application reset tool does for a
 * Streams application, plus what Vigie owns outside Kafka: the Streams application's and the
 * indexer's committed offsets, the application's internal (changelog and repartition) topics, its
 * local state, and the Elasticsearch indices under the configured prefix. Refuses while either
 * group has members, and asks for the application id unless {@code --yes}.
 */
@Command(
    name = "reset",
    mixinStandardHelpOptions = true,
    description = {
      "Reprocess from the start: delete the Streams application's and the indexer's committed offsets, the application's internal topics and local state, and the indices under elasticsearch.index-prefix.",
      "Stop vigie streams and vigie index first. The input and output topics keep what they hold: the next run reads the raw topic from its start again, and the indices fill again (same ids, so no duplicates).",
      "Asks for the application id to confirm, unless --yes."
    })
public final class ResetCommand extends VigieCommand {

  @Option(names = "--yes", description = "Do not ask for confirmation.")
  boolean yes;

  @Override
  public Integer call() throws Exception {
    var config = config();
    Connections connections = Connections.resolve(config);
    Pipeline.Naming naming = Pipeline.Naming.from(config);
    String application = naming.applicationId();
    List<String> groups = List.of(application, naming.indexerGroupId());
    List<String> patterns =
        Stream.of("posts-*", "signals-*", "alerts-*", "alert-actions-*")
            .map(p -> naming.indexPrefix() + p)
            .toList();
    Path state = naming.stateDir().resolve(application);
    ElasticsearchClient elasticsearch = ElasticsearchClients.create(connections.elasticsearch());
    try (Admin admin = Admin.create(connections.kafka())) {
      List<String> present = new ArrayList<>();
      for (String group : groups) {
        try {
          ConsumerGroupDescription description =
              admin
                  .describeConsumerGroups(List.of(group))
                  .describedGroups()
                  .get(group)
                  .get(30, TimeUnit.SECONDS);
          if (!description.members().isEmpty()) {
            err()
                .printf(
                    "Group %s has %d members: stop vigie streams and vigie index first (a stopped"
                        + " Streams instance stays a member until its session times out,"
                        + " session.timeout.ms, 45 s by default). Nothing changed.%n",
                    group, description.members().size());
            return ExitCode.FAILED.code();
          }
          if (!description.groupState().toString().equals("DEAD")) {
            present.add(group);
          }
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof GroupIdNotFoundException)) {
            throw e;
          }
        }
      }
      List<String> internal =
          admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
              .filter(t -> t.startsWith(application + "-"))
              .filter(t -> t.endsWith("-changelog") || t.endsWith("-repartition"))
              .sorted()
              .toList();
      List<String> indices =
          new ArrayList<>(
              elasticsearch
                  .indices()
                  .get(g -> g.index(patterns).allowNoIndices(true).ignoreUnavailable(true))
                  .indices()
                  .keySet());
      indices.sort(Comparator.naturalOrder());
      out().println("Reset of '" + application + "' will delete:");
      out()
          .println(
              "  committed offsets of "
                  + (present.isEmpty() ? "(no group yet)" : String.join(", ", present)));
      out()
          .println(
              "  "
                  + internal.size()
                  + " internal topics"
                  + (internal.isEmpty() ? "" : ": " + String.join(", ", internal)));
      out().println("  local state in " + state + (Files.exists(state) ? "" : " (none)"));
      out()
          .println(
              "  "
                  + indices.size()
                  + " indices"
                  + (indices.isEmpty() ? "" : ": " + String.join(", ", indices)));
      out().flush();
      if (!yes && !confirmedAtTerminal(application)) {
        err().println("Nothing changed (confirm by typing the application id, or pass --yes).");
        return ExitCode.USAGE.code();
      }
      if (!present.isEmpty()) {
        admin.deleteConsumerGroups(present).all().get(30, TimeUnit.SECONDS);
      }
      if (!internal.isEmpty()) {
        admin.deleteTopics(internal).all().get(60, TimeUnit.SECONDS);
      }
      if (!indices.isEmpty()) {
        elasticsearch.indices().delete(d -> d.index(indices));
      }
      deleteTree(state);
      out().println("Reset done: the next vigie streams and vigie index start from the beginning.");
      out().flush();
      return ExitCode.OK.code();
    } finally {
      elasticsearch._transport().close();
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
