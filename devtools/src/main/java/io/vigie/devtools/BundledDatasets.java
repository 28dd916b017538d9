package io.vigie.devtools;

import io.vigie.ingest.replay.CrisisLexCsv;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The real data shipped inside Vigie (see {@code datasets/crisislex-t6/README.md} for source and
 * licence).
 */
public final class BundledDatasets {

  /** One bundled CrisisLex T6 event. */
  public record CrisisLexEvent(String name, String resource) {
    public CrisisLexCsv.Contents read() throws IOException {
      InputStream raw = BundledDatasets.class.getClassLoader().getResourceAsStream(resource);
      if (raw == null) {
        throw new IOException("Missing bundled dataset " + resource);
      }
      try (Reader reader =
          new InputStreamReader(new GZIPInputStream(raw), StandardCharsets.UTF_8)) {
        return CrisisLexCsv.read(reader);
      }
    }
  }

  public static final CrisisLexEvent BOSTON_BOMBINGS =
      new CrisisLexEvent(
          "2013 Boston bombings",
          "datasets/crisislex-t6/2013_Boston_Bombings-ontopic_offtopic.csv.gz");
  public static final CrisisLexEvent WEST_TEXAS_EXPLOSION =
      new CrisisLexEvent(
          "2013 West Texas explosion",
          "datasets/crisislex-t6/2013_West_Texas_Explosion-ontopic_offtopic.csv.gz");

  private BundledDatasets() {}

  public static List<CrisisLexEvent> crisisLex() {
    return List.of(BOSTON_BOMBINGS, WEST_TEXAS_EXPLOSION);
  }
}
