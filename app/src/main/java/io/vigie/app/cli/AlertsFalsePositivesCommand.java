package io.vigie.app.cli;

import io.vigie.alerts.FalsePositives;
import io.vigie.app.Connections;
import io.vigie.app.Pipeline;
import io.vigie.schema.AlertAction;
import io.vigie.schema.TopicReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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
    List<AlertAction> actions = new ArrayList<>();
    TopicReader.readToEnd(
        connections.kafka(),
        topic,
        Duration.ofMinutes(2),
        record -> {
          if (record.value() != null) {
            actions.add(record.value());
          }
        });
    actions.sort(Comparator.comparing(AlertAction::getActedAt));
    FalsePositives marks = FalsePositives.of(actions);
    marks.write(output);
    out().printf("%d alerts marked as false positives written to %s%n", marks.size(), output);
    return ExitCode.OK.code();
  }
}
