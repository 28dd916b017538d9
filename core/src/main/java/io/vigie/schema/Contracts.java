package io.vigie.schema;

import java.util.List;
import org.apache.avro.Schema;

/**
 * Every record type whose bytes Vigie leaves in Kafka, so every one whose versions are released in
 * the schema history (see docs/contracts.md). The public topics carry Post, EnrichedPost, Signal,
 * Alert, WatchRule, AlertAction, AlertSilence, AlertDelivery and DeadLetter. Observation and
 * IncidentEvent only travel through the detection topology's repartition topics, but their records
 * outlive a rolling upgrade there exactly like public ones, so they are released too.
 */
public final class Contracts {

  private Contracts() {}

  /** The current schema of every contract. */
  public static List<Schema> current() {
    return List.of(
        Post.getClassSchema(),
        EnrichedPost.getClassSchema(),
        Signal.getClassSchema(),
        Alert.getClassSchema(),
        WatchRule.getClassSchema(),
        AlertAction.getClassSchema(),
        AlertSilence.getClassSchema(),
        AlertDelivery.getClassSchema(),
        DeadLetter.getClassSchema(),
        Observation.getClassSchema(),
        IncidentEvent.getClassSchema());
  }
}
