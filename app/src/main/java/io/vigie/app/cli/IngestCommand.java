package io.vigie.app.cli;

import picocli.CommandLine.Command;

/** {@code vigie ingest <source>}: sources that publish posts to the raw topic. */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = "Publish posts from a source to the raw topic.",
    subcommands = {
      IngestReplayCommand.class,
      IngestWebhookCommand.class,
      IngestFeedsCommand.class,
      IngestMastodonCommand.class,
      IngestBlueskyCommand.class,
      IngestGenerateCommand.class
    })
public final class IngestCommand {}
