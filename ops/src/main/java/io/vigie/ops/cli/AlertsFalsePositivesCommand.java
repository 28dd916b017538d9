package io.vigie.ops.cli;

import io.vigie.ops.Connections;
import io.vigie.ops.Pipeline;
import io.vigie.ops.Vigie;
import io.vigie.ops.alerts.FalsePositives;
import io.vigie.schema.AlertAction;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigie alerts false-positives}: the alerts people rejected, to a file backtest reads. */
@Command(
    name = "false-positives",
    mixinStandardHelpOptions = true,
    description =
        "Export the alerts marked as false positives (from the alert-actions topic) to a JSON lines file that vigie backtest --false-positives reads.")
final class AlertsFalsePositivesCommand extends VigieCommand {

  @Option(names = "--output", required = true, paramLabel = "FILE")
  Path output;

  @Override
  public Integer call() throws Exception {
    Connections connections = Connections.resolve(config());
    var topic = Pipeline.Naming.from(config()).topics().alertActions();
    Map<String, Object> props = new HashMap<>(connections.kafka());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    List<AlertAction> actions = new ArrayList<>();
    try (KafkaConsumer<String, AlertAction> consumer =
        new KafkaConsumer<>(
            props, topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic.name()).stream()
              .map(p -> new TopicPartition(topic.name(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
        for (ConsumerRecord<String, AlertAction> record : consumer.poll(Duration.ofMillis(200))) {
          if (record.value() != null) {
            actions.add(record.value());
          }
        }
      }
    }
    actions.sort(java.util.Comparator.comparing(AlertAction::getActedAt));
    FalsePositives marks = FalsePositives.of(actions);
    marks.write(output);
    out().printf("%d alerts marked as false positives written to %s%n", marks.size(), output);
    return Vigie.OK;
  }
}
