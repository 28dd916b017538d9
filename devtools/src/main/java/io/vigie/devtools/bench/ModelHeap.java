package io.vigie.devtools.bench;

import io.vigie.streams.enrich.SentimentModel;
import io.vigie.streams.enrich.TextAnalysis;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * The heap the sentiment model holds: used heap after full collections, before and after loading
 * it, with Lucene's analysers already loaded (the enricher has them anyway). Several collections,
 * since one may leave garbage behind; the figure is within a few hundred kilobytes.
 */
public final class ModelHeap {

  private ModelHeap() {}

  /** Megabytes the bundled sentiment model keeps on the heap. */
  public static double sentimentModelMegabytes() {
    TextAnalysis analysis = new TextAnalysis();
    long before = usedAfterGc();
    SentimentModel model = SentimentModel.bundled(analysis);
    long after = usedAfterGc();
    // Keep the model reachable until it has been measured.
    if (model.languages().isEmpty()) {
      throw new IllegalStateException("The bundled sentiment model has no language");
    }
    return (after - before) / 1e6;
  }

  private static long usedAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
