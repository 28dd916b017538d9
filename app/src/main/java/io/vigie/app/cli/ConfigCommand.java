package io.vigie.app.cli;

import io.vigie.app.config.VigieConfig;
import java.util.Comparator;
import java.util.Locale;
import org.apache.kafka.common.config.ConfigDef;
import picocli.CommandLine.Command;

/** {@code vigie config show|keys}. */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = "Show the effective configuration, or document every key.",
    subcommands = {ConfigCommand.Show.class, ConfigCommand.Keys.class})
public final class ConfigCommand {

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Print the effective configuration (secrets hidden).")
  static final class Show extends VigieCommand {

    @Override
    protected Logs.Default defaultLogs() {
      return Logs.Default.UNCHANGED; // starts no client: no log file for nothing
    }

    @Override
    public Integer call() {
      config().describe().forEach((key, value) -> out().println(key + "=" + value));
      return ExitCode.OK.code();
    }
  }

  @Command(
      name = "keys",
      mixinStandardHelpOptions = true,
      description = "Print every configuration key as a Markdown table.")
  static final class Keys extends VigieCommand {

    @Override
    protected Logs.Default defaultLogs() {
      return Logs.Default.UNCHANGED; // starts no client: no log file for nothing
    }

    @Override
    public Integer call() {
      out().print(markdown());
      return ExitCode.OK.code();
    }
  }

  /** The table of every key, as in docs/configuration.md. */
  public static String markdown() {
    StringBuilder table = new StringBuilder();
    table.append("| key | type | default | valid values | description |\n");
    table.append("|---|---|---|---|---|\n");
    VigieConfig.DEFINITION.configKeys().values().stream()
        .sorted(Comparator.comparing(k -> k.name))
        .forEach(
            key ->
                table
                    .append("| `")
                    .append(key.name)
                    .append("` | ")
                    .append(key.type.name().toLowerCase(Locale.ROOT))
                    .append(" | ")
                    .append(defaultOf(key))
                    .append(" | ")
                    .append(
                        key.validator == null ? "" : key.validator.toString().replace("|", "\\|"))
                    .append(" | ")
                    .append(key.documentation.replace("|", "\\|"))
                    .append(" |\n"));
    return table.toString();
  }

  private static String defaultOf(ConfigDef.ConfigKey key) {
    if (!key.hasDefault() || key.defaultValue == null) {
      return "(none)";
    }
    String value = ConfigDef.convertToString(key.defaultValue, key.type);
    return value == null || value.isEmpty() ? "(empty)" : "`" + value + "`";
  }
}
