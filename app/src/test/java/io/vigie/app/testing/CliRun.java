package io.vigie.app.testing;

import io.vigie.app.Vigie;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One in-process run of the {@code vigie} command: its exit code and what it printed. */
public record CliRun(int exit, String out, String err) {

  /** Runs {@code vigie args}, each of {@code settings} added as {@code --set key=value}. */
  public static CliRun vigie(Map<String, String> settings, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    settings.forEach(
        (key, value) -> {
          all.add("--set");
          all.add(key + "=" + value);
        });
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        Vigie.execute(
            all.toArray(String[]::new),
            Map.of(),
            new PrintWriter(out, true),
            new PrintWriter(err, true));
    return new CliRun(exit, out.toString(), err.toString());
  }
}
