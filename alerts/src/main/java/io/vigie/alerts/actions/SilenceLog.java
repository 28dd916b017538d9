package io.vigie.alerts.actions;

import io.vigie.alerts.dispatch.Silence;
import io.vigie.schema.AlertAction;
import io.vigie.schema.AlertSilence;
import io.vigie.schema.Topic;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Where silences are kept: each change of a silence goes to the silences topic (keyed by its id,
 * compacted: every dispatcher reads it) and its audit record to the alert-actions topic, in one
 * Kafka transaction, so a silence is never in force without its audit record nor audited without
 * being in force.
 */
public interface SilenceLog extends AutoCloseable {

  /**
   * Writes the silence's new state and its audit record, both or neither.
   *
   * @throws KafkaException when Kafka did not take them (nothing was recorded)
   */
  void write(Silence silence, AlertAction audit);

  @Override
  void close();

  /**
   * The log on Kafka, through a transactional producer of its own. Its transactional id is unique
   * to this process ({@code prefix} and a random suffix): every {@code vigie alerts} instance
   * writes silences, and none must fence another.
   */
  static SilenceLog kafka(
      Map<String, Object> kafka,
      String transactionalIdPrefix,
      Topic<String, AlertSilence> silences,
      Topic<String, AlertAction> actions) {
    Map<String, Object> props = new HashMap<>(kafka);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(
        ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalIdPrefix + "-" + UUID.randomUUID());
    // No successor ever takes this random id over to abort a transaction a crash left open, so the
    // broker's timeout does: kept short (a change is two small records) because until then the
    // transaction holds back every read_committed reader of silences and alert-actions.
    props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 10_000);
    KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    producer.initTransactions();
    return new Transactional(producer, silences, actions);
  }

  /** One transaction per change; changes from concurrent requests take turns. */
  final class Transactional implements SilenceLog {
    private final Producer<String, byte[]> producer;
    private final Topic<String, AlertSilence> silences;
    private final Topic<String, AlertAction> actions;

    Transactional(
        Producer<String, byte[]> producer,
        Topic<String, AlertSilence> silences,
        Topic<String, AlertAction> actions) {
      this.producer = producer;
      this.silences = silences;
      this.actions = actions;
    }

    @Override
    public synchronized void write(Silence silence, AlertAction audit) {
      byte[] state =
          silences.valueSerde().serializer().serialize(silences.name(), silence.toRecord());
      byte[] action = actions.valueSerde().serializer().serialize(actions.name(), audit);
      producer.beginTransaction();
      try {
        producer.send(new ProducerRecord<>(silences.name(), silence.id(), state));
        producer.send(new ProducerRecord<>(actions.name(), audit.getAlertId(), action));
        producer.commitTransaction();
      } catch (KafkaException e) {
        // An aborted transaction is invisible to read_committed readers (the dispatchers). When the
        // abort fails too (a fenced producer, a commit that timed out), the caller is still told
        // nothing was recorded; a timed-out commit may complete, and the silence then shows in the
        // list.
        try {
          producer.abortTransaction();
        } catch (RuntimeException abort) {
          e.addSuppressed(abort);
        }
        throw e;
      }
    }

    @Override
    public void close() {
      producer.close();
    }
  }
}
