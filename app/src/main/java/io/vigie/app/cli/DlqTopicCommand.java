package io.vigie.app.cli;

import io.vigie.app.config.VigieConfig;
import io.vigie.app.dlq.DeadLetterTopics;
import io.vigie.schema.DeadLetter;
import io.vigie.schema.Topic;
import io.vigie.schema.VigieTopics;
import picocli.CommandLine.Parameters;

/** What the {@code vigie dlq} sub-commands share: the dead-letter topic they work on. */
abstract class DlqTopicCommand extends VigieCommand {
  @Parameters(
      index = "0",
      paramLabel = "TOPIC",
      description = "Which dead-letter topic: ingest, streams, indexer or dispatch.")
  String name;

  /** The topic named, or null once the names that exist are printed. */
  Topic<String, DeadLetter> resolve() {
    Topic<String, DeadLetter> topic =
        DeadLetterTopics.topic(
            VigieTopics.withPrefix(config().string(VigieConfig.TOPICS_PREFIX)), name);
    if (topic == null) {
      err().println("Unknown dead-letter topic '" + name + "': one of " + DeadLetterTopics.NAMES);
    }
    return topic;
  }
}
