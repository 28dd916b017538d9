package io.vigie.app.cli;

import io.vigie.app.config.VigieConfig;
import io.vigie.indexer.kibana.KibanaAssets;
import java.net.URI;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigie kibana import}: Vigie's data views, searches and dashboards into a Kibana. */
@Command(
    name = "kibana",
    mixinStandardHelpOptions = true,
    description = "Kibana assets.",
    subcommands = KibanaCommand.Import.class)
public final class KibanaCommand {

  @Command(
      name = "import",
      mixinStandardHelpOptions = true,
      description =
          "Import Vigie's data views (posts, signals, alerts), saved searches, visualizations, map and overview dashboard into a Kibana, overwriting earlier versions.")
  static final class Import extends VigieCommand {
    @Option(
        names = "--url",
        required = true,
        description = "Kibana's URL, e.g. http://localhost:5601")
    URI url;

    @Option(names = "--space", description = "A Kibana space other than the default one.")
    String space;

    @Option(
        names = "--api-key",
        description = "A Kibana API key (base64 id:key); default: the KIBANA_API_KEY variable.")
    String apiKey;

    @Override
    public Integer call() throws Exception {
      VigieConfig config = config();
      String ndjson = KibanaAssets.ndjson(config.string(VigieConfig.ES_INDEX_PREFIX));
      KibanaAssets.Outcome outcome =
          KibanaAssets.importInto(
              url,
              Optional.ofNullable(space),
              Optional.ofNullable(apiKey)
                  .or(() -> Optional.ofNullable(System.getenv("KIBANA_API_KEY"))),
              ndjson);
      if (!outcome.success()) {
        err()
            .println(
                "Kibana refused the import (HTTP " + outcome.status() + "): " + outcome.body());
        return ExitCode.FAILED.code();
      }
      out().println("Imported " + ndjson.lines().count() + " saved objects into " + url);
      return ExitCode.OK.code();
    }
  }
}
