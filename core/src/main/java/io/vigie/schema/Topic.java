package io.vigie.schema;

import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;

/**
 * A Kafka topic together with the serdes of its keys and values, so that the two never travel
 * apart. Built once from configuration (see {@link VigieTopics}) and passed to whoever reads or
 * writes the topic.
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {

  public Topic {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(keySerde, "keySerde");
    Objects.requireNonNull(valueSerde, "valueSerde");
    if (name.isBlank()) {
      throw new IllegalArgumentException("topic name is blank");
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
