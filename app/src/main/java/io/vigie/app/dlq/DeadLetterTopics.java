package io.vigie.app.dlq;

import io.vigie.schema.DeadLetter;
import io.vigie.schema.Topic;
import io.vigie.schema.VigieTopics;
import java.util.List;

/** The dead-letter topics, by the names the dlq commands take. */
public final class DeadLetterTopics {

  /** The names, one per stage that writes dead letters. */
  public static final List<String> NAMES = List.of("ingest", "streams", "indexer", "dispatch");

  private DeadLetterTopics() {}

  /** The dead-letter topic a name stands for, or null. */
  public static Topic<String, DeadLetter> topic(VigieTopics topics, String name) {
    return switch (name) {
      case "ingest" -> topics.ingestDeadLetters();
      case "streams" -> topics.streamsDeadLetters();
      case "indexer" -> topics.indexerDeadLetters();
      case "dispatch" -> topics.dispatchDeadLetters();
      default -> null;
    };
  }
}
