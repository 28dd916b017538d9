package io.vigie.ops.cli;

import io.vigie.ingest.replay.FileReplay;
import java.util.Locale;

/** One terminal line saying how far a replay is: bar, counts, rate and time left. */
final class ProgressBar {

  private static final int WIDTH = 30;

  private ProgressBar() {}

  static String render(FileReplay.Progress progress) {
    double share = progress.total() == 0 ? 1 : (double) progress.done() / progress.total();
    int filled = (int) Math.round(share * WIDTH);
    String eta =
        progress
            .eta()
            .map(d -> String.format(Locale.ROOT, "%d:%02d", d.toMinutes(), d.toSecondsPart()))
            .orElse("--:--");
    return String.format(
        Locale.ROOT,
        "[%s%s] %,d/%,d %3.0f%%  %,.0f posts/s  ETA %s  %,d refused ",
        "#".repeat(filled),
        "-".repeat(WIDTH - filled),
        progress.done(),
        progress.total(),
        share * 100,
        progress.postsPerSecond(),
        eta,
        progress.refused());
  }
}
