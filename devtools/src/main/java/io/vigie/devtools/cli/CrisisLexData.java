package io.vigie.devtools.cli;

import io.vigie.devtools.BundledDatasets;
import io.vigie.devtools.eval.CrisisLexEvaluation;
import io.vigie.ingest.replay.CrisisLexCsv;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The CrisisLex T6 files an eval command reads ({@code --data}), or the two samples bundled with
 * Vigie when none is given. Each comes with its file name, which names the event and its onset.
 */
final class CrisisLexData {

  /** What is done with one event file. */
  @FunctionalInterface
  interface EventFile {
    void accept(String fileName, CrisisLexCsv.Contents contents) throws IOException;
  }

  @Option(
      names = "--data",
      arity = "1..*",
      paramLabel = "CSV",
      description = "CrisisLex T6 CSV files (.csv or .csv.gz), named as in the collection.")
  List<Path> files = new ArrayList<>();

  /** Reads the files one at a time, in the order given, and hands each over. */
  void forEach(EventFile action) throws IOException {
    if (files.isEmpty()) {
      for (BundledDatasets.CrisisLexEvent event : BundledDatasets.crisisLex()) {
        action.accept(event.resource(), event.read());
      }
    } else {
      for (Path file : files) {
        action.accept(file.getFileName().toString(), CrisisLexEvaluation.read(file));
      }
    }
  }
}
