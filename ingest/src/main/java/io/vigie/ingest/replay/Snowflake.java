package io.vigie.ingest.replay;

import java.time.Instant;

/** Twitter snowflake ids: the top 41 bits are milliseconds since Twitter's epoch. */
public final class Snowflake {

  /** 2010-11-04T01:42:54.657Z, the epoch of Twitter's snowflake ids. */
  public static final long TWITTER_EPOCH_MS = 1288834974657L;

  private Snowflake() {}

  public static Instant timestamp(long id) {
    if (id < 0) {
      throw new IllegalArgumentException("snowflake ids are positive: " + id);
    }
    return Instant.ofEpochMilli((id >> 22) + TWITTER_EPOCH_MS);
  }
}
