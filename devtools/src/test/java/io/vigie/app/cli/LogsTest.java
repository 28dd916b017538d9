package io.vigie.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import io.vigie.app.Vigie;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/** Where the launcher sends logs: the file, the terminal, the console of a service. */
class LogsTest {

  @TempDir Path dir;

  private final ByteArrayOutputStream terminal = new ByteArrayOutputStream();
  private final ByteArrayOutputStream console = new ByteArrayOutputStream();
  private PrintStream realErr;
  private PrintStream realOut;

  @BeforeEach
  void captureStandardStreams() {
    realErr = System.err;
    realOut = System.out;
    System.setErr(new PrintStream(terminal, true, StandardCharsets.UTF_8));
    System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreTestLogging() throws Exception {
    System.setErr(realErr);
    System.setOut(realOut);
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(getClass().getClassLoader().getResource("logback-test.xml"));
  }

  @Test
  void shouldKeepLibraryWarningsInTheFileAndShowVigieWarningsAndAllErrorsOnTheTerminal()
      throws Exception {
    Path file = dir.resolve("logs").resolve("vigie-demo.log");
    Logs.apply(Logs.Destination.file(file));

    Logger sender = LoggerFactory.getLogger("org.apache.kafka.clients.producer.internals.Sender");
    sender.warn("retrying (5 attempts left). Error: CONCURRENT_TRANSACTIONS");
    sender.info("a library's chatter");
    LoggerFactory.getLogger("io.vigie.indexer.setup.IndexTemplates")
        .warn("delete old indices by hand");
    LoggerFactory.getLogger("io.vigie.localstack.LocalStack").info("Local stack ready");
    LoggerFactory.getLogger("org.apache.kafka.streams.KafkaStreams")
        .error("stream thread died", new IllegalStateException("boom"));
    LoggerFactory.getLogger("io.vigie.streams.VigieStreamsApp").error("Fatal error in Vigie");

    String logged = Files.readString(file);
    assertThat(logged)
        .contains("CONCURRENT_TRANSACTIONS")
        .contains("delete old indices by hand")
        .contains("Local stack ready")
        .contains("stream thread died")
        .contains("java.lang.IllegalStateException: boom")
        .contains("Fatal error in Vigie")
        .doesNotContain("a library's chatter");
    String shown = terminal.toString(StandardCharsets.UTF_8);
    assertThat(shown)
        .contains("WARN  IndexTemplates - delete old indices by hand")
        .contains("ERROR KafkaStreams - stream thread died")
        .contains("IllegalStateException: boom")
        .doesNotContain("CONCURRENT_TRANSACTIONS")
        .doesNotContain("Local stack ready");
    assertThat(shown.split("Fatal error in Vigie", -1)).as("shown once").hasSize(2);
  }

  @Test
  void shouldSendServiceLogsToStandardOutputAndTaskLogsToANewFileUnlessConfigured() {
    Instant now = Instant.parse("2026-12-06T21:45:07Z");
    Path logs = dir.resolve("logs");

    assertThat(Logs.choose("", Logs.Default.CONSOLE, logs, "vigie-streams", now))
        .isEqualTo(Logs.Destination.console("System.out"));
    assertThat(Logs.choose("", Logs.Default.FILE, logs, "vigie-demo", now))
        .isEqualTo(Logs.Destination.file(logs.resolve("vigie-demo-20261206-214507.log")));
    assertThat(Logs.choose("stderr", Logs.Default.FILE, logs, "vigie-demo", now))
        .isEqualTo(Logs.Destination.console("System.err"));
    assertThat(Logs.choose("stdout", Logs.Default.FILE, logs, "vigie-demo", now))
        .isEqualTo(Logs.Destination.console("System.out"));
    assertThat(Logs.choose(" /var/log/vigie.log ", Logs.Default.CONSOLE, logs, "vigie-x", now))
        .isEqualTo(Logs.Destination.file(Path.of("/var/log/vigie.log")));
  }

  @Test
  void shouldPrintTheLogFileOfATaskFirstAndLeaveServicesAndHelpOnTheConsole() throws Exception {
    Path stackDir = dir.resolve("stack");

    String task = route("--set", "stack.dir=" + stackDir, "stack", "status");
    String service = route("--set", "stack.dir=" + stackDir, "streams");
    LoggerFactory.getLogger("org.apache.kafka.clients.consumer.ConsumerConfig")
        .warn("a service's library warning");
    LoggerFactory.getLogger("io.vigie.streams.VigieStreamsApp").info("a service's own news");
    String help = route("--set", "stack.dir=" + stackDir, "demo", "--help");

    try (Stream<Path> files = Files.list(stackDir.resolve("logs"))) {
      Path file = files.findFirst().orElseThrow();
      assertThat(file.getFileName().toString()).matches("vigie-stack-status-\\d{8}-\\d{6}\\.log");
      assertThat(task).isEqualTo(String.format(Logs.FILE_LINE, file));
    }
    assertThat(service).isEmpty();
    assertThat(console.toString(StandardCharsets.UTF_8))
        .contains("WARN  ConsumerConfig - a service's library warning")
        .contains("INFO  VigieStreamsApp - a service's own news");
    assertThat(help).isEmpty();
    try (Stream<Path> files = Files.list(stackDir.resolve("logs"))) {
      assertThat(files).hasSize(1);
    }
  }

  /** What {@link Logs#route} prints for a command line, as the launcher's process would run it. */
  private static String route(String... args) {
    Vigie vigie = new Vigie();
    CommandLine.ParseResult parsed = Vigie.commandLine(vigie).parseArgs(args);
    StringWriter err = new StringWriter();
    Logs.route(parsed, vigie::config, new PrintWriter(err, true));
    return err.toString();
  }
}
