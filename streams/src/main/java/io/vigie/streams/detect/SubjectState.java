package io.vigie.streams.detect;

import io.vigie.schema.SubjectKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Function;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4FastDecompressor;

/**
 * Everything the detectors remember about one subject: volume per horizon for every subject, weak
 * signals for terms and hashtags, sentiment for watch rules, coordination and virality for
 * near-duplicate clusters. Serialised compactly for a key-value state store.
 */
public final class SubjectState {

  /** The kinds of subject, from the key's prefix. */
  public enum Kind {
    GLOBAL,
    CRISIS,
    RULE,
    HASHTAG,
    TERM,
    CLUSTER;

    /** The detection kind of a subject key; the watchdog's keys are no detection subject. */
    public static Kind of(String subject) {
      return switch (SubjectKey.kindOf(subject)) {
        case RULE -> RULE;
        case HASHTAG -> HASHTAG;
        case TERM -> TERM;
        case CLUSTER -> CLUSTER;
        case CRISIS -> CRISIS;
        case GLOBAL, OPS -> GLOBAL;
      };
    }

    /** Few keys of this kind exist, each busy: they learn a daily cycle and need less evidence. */
    boolean busy() {
      return this == GLOBAL || this == CRISIS || this == RULE;
    }
  }

  /**
   * Format 4: format 3's layout with everything after the header compressed with LZ4. A term's
   * state holds the same sample posts and co-occurring words three times over (in each volume
   * horizon's evidence and in the emergence tracker's), so that a term seen once weighed about 2.4
   * KB; compressed, it weighs a quarter of that, in the store, its cache and its changelog alike.
   * The header stays plain, for {@link Header#of}.
   *
   * <p>Format 3 (volume horizons holding the negative-binomial CUSUM detector) is still read, as is
   * format 2 (the log-space EWMA detector): its header and its other detectors as they were, its
   * volume horizons afresh (they start as a new key's would), since their baselines mean something
   * else.
   */
  private static final byte FORMAT = 4;

  private static final byte FORMAT_UNCOMPRESSED = 3;
  private static final byte FORMAT_LOG_EWMA = 2;

  /** Format, quiet history, last seen, posts, episode flag: the bytes every format starts with. */
  private static final int HEADER_BYTES = 19;

  private static final LZ4Compressor COMPRESSOR = LZ4Factory.fastestInstance().fastCompressor();
  private static final LZ4FastDecompressor DECOMPRESSOR =
      LZ4Factory.fastestInstance().fastDecompressor();

  /**
   * What eviction and restart need, read from a stored state's first bytes without decoding the
   * rest: a store may hold millions of term states.
   *
   * @param posts posts observed in the subject's life
   */
  public record Header(long lastSeen, long posts, boolean inEpisode) {

    static Header of(byte[] bytes) {
      if (bytes.length < HEADER_BYTES || !known(bytes[0])) {
        throw new IllegalStateException(
            "Unknown detector state format " + (bytes.length == 0 ? "(empty)" : bytes[0]));
      }
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      buffer.position(2);
      long lastSeen = buffer.getLong();
      long posts = buffer.getLong();
      return new Header(lastSeen, posts, buffer.get() != 0);
    }
  }

  final String subject;
  final Kind kind;
  final boolean quietHistory;
  final List<VolumeHorizon> horizons;
  final EmergenceTracker emergence;
  final SentimentTracker sentiment;
  final ClusterTracker cluster;
  long lastSeen = Long.MIN_VALUE;
  long posts;

  SubjectState(
      String subject,
      boolean quietHistory,
      List<VolumeHorizon> horizons,
      EmergenceTracker emergence,
      SentimentTracker sentiment,
      ClusterTracker cluster) {
    this.subject = subject;
    this.kind = Kind.of(subject);
    this.quietHistory = quietHistory;
    this.horizons = horizons;
    this.emergence = emergence;
    this.sentiment = sentiment;
    this.cluster = cluster;
  }

  public String subject() {
    return subject;
  }

  /** Whether an episode is open on this subject (it must then be advanced even without posts). */
  public boolean inEpisode() {
    for (VolumeHorizon horizon : horizons) {
      if (horizon.inEpisode()) {
        return true;
      }
    }
    return sentiment != null && sentiment.inEpisode();
  }

  /** Event time of the latest post seen. */
  public long lastSeen() {
    return lastSeen;
  }

  /**
   * An output per thread, reused from one state to the next: a stream thread serialises a state at
   * every observation, and growing a fresh buffer to 4 KB each time was a good part of the cost.
   */
  private static final ThreadLocal<StateOutput> OUTPUTS = ThreadLocal.withInitial(StateOutput::new);

  byte[] toBytes() {
    return toBytes(true);
  }

  /**
   * The state in format 4, or with {@code compressed} false in format 3: tests write that to check
   * that states stored before compression still read.
   */
  byte[] toBytes(boolean compressed) {
    StateOutput out = OUTPUTS.get();
    out.reset();
    try {
      out.writeByte(compressed ? FORMAT : FORMAT_UNCOMPRESSED);
      out.writeBoolean(quietHistory);
      out.writeLong(lastSeen);
      out.writeLong(posts);
      out.writeBoolean(inEpisode());
      out.writeByte(horizons.size());
      for (VolumeHorizon horizon : horizons) {
        out.writeLong(horizon.width());
        // The horizon's length first, so that a reader without this width can skip it: written
        // as a placeholder, then patched once the horizon is written.
        int lengthAt = out.size();
        out.writeInt(0);
        horizon.write(out);
        out.patchInt(lengthAt, out.size() - lengthAt - 4);
      }
      if (emergence != null) {
        emergence.write(out);
      }
      if (sentiment != null) {
        sentiment.write(out);
      }
      if (cluster != null) {
        cluster.write(out);
      }
    } catch (IOException e) {
      out.reset();
      throw new UncheckedIOException(e);
    }
    return compressed ? out.takeCompressed(HEADER_BYTES, COMPRESSOR) : out.take();
  }

  private static boolean known(byte format) {
    return format == FORMAT || format == FORMAT_UNCOMPRESSED || format == FORMAT_LOG_EWMA;
  }

  /**
   * Format 4 as format 3: the header, then the body decompressed. Format 4's body starts with its
   * decompressed length.
   */
  private static byte[] uncompressed(byte[] bytes) {
    int length = ByteBuffer.wrap(bytes, HEADER_BYTES, 4).getInt();
    byte[] plain = new byte[HEADER_BYTES + length];
    System.arraycopy(bytes, 0, plain, 0, HEADER_BYTES);
    DECOMPRESSOR.decompress(bytes, HEADER_BYTES + 4, plain, HEADER_BYTES, length);
    return plain;
  }

  /**
   * Reads a state into the one {@code fresh} builds (for the same subject, from the current
   * settings, given whether it has a quiet history). A horizon whose width the settings no longer
   * have is skipped; a new one starts afresh.
   */
  static SubjectState fromBytes(byte[] bytes, Function<Boolean, SubjectState> fresh) {
    try {
      if (bytes.length == 0 || !known(bytes[0])) {
        throw new IllegalStateException(
            "Unknown detector state format " + (bytes.length == 0 ? "(empty)" : bytes[0]));
      }
      StateInput in = new StateInput(bytes[0] == FORMAT ? uncompressed(bytes) : bytes);
      byte format = in.readByte();
      SubjectState state = fresh.apply(in.readBoolean());
      state.lastSeen = in.readLong();
      state.posts = in.readLong();
      in.readBoolean(); // the episode flag, which the horizons below say again
      int horizons = in.readByte();
      for (int i = 0; i < horizons; i++) {
        long width = in.readLong();
        int length = in.readInt();
        VolumeHorizon target = null;
        for (VolumeHorizon horizon : state.horizons) {
          if (horizon.width() == width) {
            target = horizon;
          }
        }
        if (target == null || format == FORMAT_LOG_EWMA) {
          // A horizon the settings no longer have, or one of the old detector: it starts afresh.
          in.skipBytes(length);
        } else {
          target.read(in);
        }
      }
      if (state.emergence != null) {
        state.emergence.read(in);
      }
      if (state.sentiment != null) {
        state.sentiment.read(in);
      }
      if (state.cluster != null) {
        state.cluster.read(in);
      }
      return state;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
