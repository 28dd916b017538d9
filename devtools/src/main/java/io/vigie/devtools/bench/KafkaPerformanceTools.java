package io.vigie.devtools.bench;

import io.vigie.ingest.publish.PostPublisher;
import io.vigie.localstack.ChildProcesses;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Kafka's own producer and consumer performance tools, run in a child JVM as baselines. */
public final class KafkaPerformanceTools {

  private KafkaPerformanceTools() {}

  /** Kafka's own tool in a child JVM, with the producer settings Vigie's publisher uses. */
  public static double producerPerformance(
      Map<String, Object> kafka, String topic, int records, int recordSize) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
                "-cp",
                ChildProcesses.classPath()));
    command.addAll(ChildProcesses.watchedMain("org.apache.kafka.tools.ProducerPerformance"));
    command.addAll(
        List.of(
            "--topic",
            topic,
            "--num-records",
            Integer.toString(records),
            "--record-size",
            Integer.toString(recordSize),
            "--throughput",
            "-1",
            "--producer-props"));
    Map<String, Object> props = new TreeMap<>(PostPublisher.producerProperties(kafka));
    props.forEach((key, value) -> command.add(key + "=" + value));
    Process process =
        ChildProcesses.start(
            new ProcessBuilder(command).redirectErrorStream(true), Duration.ofSeconds(10));
    String last = null;
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = lines.readLine()) != null; ) {
        if (line.contains("records sent")) {
          last = line;
        }
      }
    }
    if (process.waitFor() != 0 || last == null) {
      throw new IllegalStateException(
          "ProducerPerformance failed (exit " + process.exitValue() + ")");
    }
    Matcher rate = Pattern.compile("([0-9.]+) records/sec").matcher(last);
    if (!rate.find()) {
      throw new IllegalStateException("Unexpected ProducerPerformance output: " + last);
    }
    return Double.parseDouble(rate.group(1));
  }

  /** Kafka's consumer tool in a child JVM: its fetch rate, which leaves the group join out. */
  public static double consumerPerformance(String bootstrap, String topic, int records)
      throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
                "-cp",
                ChildProcesses.classPath()));
    command.addAll(ChildProcesses.watchedMain("org.apache.kafka.tools.ConsumerPerformance"));
    command.addAll(
        List.of(
            "--bootstrap-server",
            bootstrap,
            "--topic",
            topic,
            "--num-records",
            Integer.toString(records),
            "--timeout",
            "60000",
            "--hide-header"));
    Process process =
        ChildProcesses.start(
            new ProcessBuilder(command).redirectErrorStream(true), Duration.ofSeconds(10));
    String last = null;
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = lines.readLine()) != null; ) {
        if (line.split(",").length >= 10) {
          last = line;
        }
      }
    }
    if (process.waitFor() != 0 || last == null) {
      throw new IllegalStateException(
          "ConsumerPerformance failed (exit " + process.exitValue() + ")");
    }
    String[] fields = last.split(",");
    return Double.parseDouble(fields[fields.length - 1].trim()); // fetch.nMsg.sec
  }
}
