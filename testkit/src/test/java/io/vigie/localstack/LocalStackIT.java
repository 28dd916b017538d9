package io.vigie.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.testkit.RealServers;
import io.vigie.testkit.TestTopics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The local stack's own promises, on a dedicated broker that the test may crash. */
class LocalStackIT {

  @Test
  void shouldKeepAcknowledgedRecordsAcrossABrokerCrash() throws Exception {
    LocalStack stack = RealServers.dedicatedKafka("crash");
    try {
      String bootstrap = stack.bootstrapServers().orElseThrow();
      assertThat(stack.isHealthy()).isTrue();
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
        admin
            .createTopics(List.of(new NewTopic("acknowledged", Optional.of(3), Optional.empty())))
            .all()
            .get();
      }
      Map<String, Object> props =
          Map.of(
              ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
              bootstrap,
              ProducerConfig.ACKS_CONFIG,
              "all");
      try (KafkaProducer<String, String> producer =
          new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
        for (int i = 0; i < 500; i++) {
          producer.send(new ProducerRecord<>("acknowledged", "k" + i, "post " + i)).get();
        }
      }

      stack.kafka().orElseThrow().process().kill(); // kill -9: no clean shutdown
      LocalKafka restarted = stack.restartKafka();

      assertThat(restarted.bootstrapServers())
          .as("same address after restart")
          .isEqualTo(bootstrap);
      var records =
          TestTopics.readAtLeast(
              bootstrap, "acknowledged", new StringDeserializer(), 500, Duration.ofSeconds(60));
      assertThat(records)
          .extracting(r -> r.value())
          .containsExactlyInAnyOrderElementsOf(
              IntStream.range(0, 500).mapToObj(i -> "post " + i).toList());
      assertThat(stack.isHealthy()).as("healthy again").isTrue();
    } finally {
      stack.close();
      stack.deleteData();
    }
  }
}
