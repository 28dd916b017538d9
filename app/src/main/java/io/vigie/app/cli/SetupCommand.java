package io.vigie.app.cli;

import io.vigie.app.Connections;
import io.vigie.app.Pipeline;
import io.vigie.app.config.VigieConfig;
import picocli.CommandLine.Command;

/** {@code vigie setup}: topics and index templates, idempotently. */
@Command(
    name = "setup",
    mixinStandardHelpOptions = true,
    description =
        "Create missing topics and install the Elasticsearch index templates (safe to run again).")
public final class SetupCommand extends VigieCommand {

  @Override
  public Integer call() throws Exception {
    VigieConfig config = config();
    Connections connections = Connections.resolve(config);
    Pipeline.Naming naming = Pipeline.Naming.from(config);
    Pipeline.setup(connections, config, naming, config.integer(VigieConfig.ES_REPLICAS));
    out()
        .println(
            "Topics with prefix '"
                + naming.topicPrefix()
                + "' and index templates '"
                + naming.indexPrefix()
                + "*' are in place.");
    return ExitCode.OK.code();
  }
}
