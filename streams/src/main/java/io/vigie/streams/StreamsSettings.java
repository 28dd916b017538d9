package io.vigie.streams;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * What a Vigie Kafka Streams application needs to run: its identity, where it keeps state, its
 * processing guarantee, and the client properties that pass through from {@code kafka.*}
 * configuration (bootstrap servers, TLS, SASL).
 */
public record StreamsSettings(
    String applicationId,
    Path stateDir,
    String processingGuarantee,
    int threads,
    int standbyReplicas,
    Map<String, Object> kafkaProperties) {

  public StreamsSettings {
    Objects.requireNonNull(applicationId, "applicationId");
    Objects.requireNonNull(stateDir, "stateDir");
    Objects.requireNonNull(processingGuarantee, "processingGuarantee");
    kafkaProperties = Map.copyOf(kafkaProperties);
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
  }

  /**
   * Kafka Streams properties: Vigie's own choices first, then every pass-through {@code kafka.*}
   * property, which wins (an operator's explicit setting is never overridden).
   */
  public Properties toProperties() {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, processingGuarantee);
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
    props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, standbyReplicas);
    // Every RocksDB store of the process shares one memory budget (see BoundedRocksDbMemory).
    props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class);
    // The application's own records outweigh its input many times over: in the demo, 2.4 MB of
    // raw posts made 139 MB of subject-state changelog and 52 MB of observations, which lz4 cuts
    // by about eight, for the broker's disk and network and for restores. Ingest compresses alike.
    props.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
    // Batches of 64 KB instead of Kafka's 16: each new lz4 batch opens a frame with 130 KB of fresh
    // buffers, and the clustering task (one partition) writes posts, observations and changelogs
    // fast enough to fill thousands of batches a second. Profiles of the pipeline bench put lz4 at
    // 7.6-11.5% of the Kafka-side stream thread's CPU with 16 KB and 2.9-4.5% with 64 KB, and the
    // thread used about 18% less CPU for the same posts (docs/benchmarks/pipeline.md).
    props.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), 64 * 1024);
    props.putAll(kafkaProperties);
    return props;
  }
}
