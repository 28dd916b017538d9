package io.vigie.ops.cli;

import io.vigie.ops.Connections;
import io.vigie.ops.Pipeline;
import io.vigie.ops.Vigie;
import io.vigie.ops.config.VigieConfig;
import picocli.CommandLine.Command;

/** {@code vigie index}: the Elasticsearch indexer, until stopped. */
@Command(
    name = "index",
    mixinStandardHelpOptions = true,
    description = "Run the Elasticsearch indexer until stopped (Ctrl-C or SIGTERM).")
public final class IndexCommand extends VigieCommand {

  @Override
  public Integer call() throws Exception {
    VigieConfig config = config();
    Connections connections = Connections.resolve(config);
    Pipeline pipeline =
        Pipeline.start(
            connections,
            config,
            Pipeline.Naming.from(config),
            java.time.Clock.systemUTC(),
            java.util.EnumSet.of(Pipeline.Part.INDEXER));
    out().println("Indexing into " + connections.elasticsearch().hosts() + "; stop with Ctrl-C.");
    RunUntilStopped.await(pipeline);
    return Vigie.OK;
  }
}
