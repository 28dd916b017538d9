package io.vigie.streams.detect;

import io.vigie.schema.Observation;
import io.vigie.schema.Signal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Drives the {@link SubjectDetector} over the subjects of one stream task (or of a whole backtest):
 * keeps the watermark, loads and saves each subject's state, remembers which subjects have an
 * episode open so that the passing of time alone can end it, and forgets subjects gone quiet.
 */
public final class SubjectDetection {

  /** Where subject states live: a Kafka Streams key-value store, or a map. */
  public interface States {
    byte[] get(String subject);

    void put(String subject, byte[] state);

    void delete(String subject);

    /** Every subject and its state, for restoring the episode index and evicting. */
    void forEach(BiConsumer<String, byte[]> action);
  }

  /** Subject states in a map: for backtests and benchmarks, where no store is needed. */
  public static final class InMemoryStates implements States {
    private final Map<String, byte[]> states = new HashMap<>();

    @Override
    public byte[] get(String subject) {
      return states.get(subject);
    }

    @Override
    public void put(String subject, byte[] state) {
      states.put(subject, state);
    }

    @Override
    public void delete(String subject) {
      states.remove(subject);
    }

    /** Over a copy: eviction deletes while it walks. */
    @Override
    public void forEach(BiConsumer<String, byte[]> action) {
      new HashMap<>(states).forEach(action);
    }
  }

  /** Counters of what was dropped, for metrics. */
  public interface Drops {
    /** For benchmarks and tests that do not count them. */
    Drops NONE =
        new Drops() {
          @Override
          public void late() {}

          @Override
          public void ahead() {}
        };

    void late();

    void ahead();
  }

  /** Key under which the event time the task started at is kept, so warm-up survives restarts. */
  static final String STARTED_KEY = "\u0000started";

  private static final long SWEEP_EVERY_MS = 60_000;
  private static final int CACHED_STATES = 10_000;

  private final SubjectDetector detector;
  private final States states;
  private final Function<String, byte[]> seeds;
  private final Drops drops;
  private final Watermark watermark;
  private final Set<String> inEpisode = new HashSet<>();

  /**
   * The states used lately, as objects: a busy subject is not read back from bytes at every post. A
   * changed state is written to the store by {@link #flush}, which the detection processor runs
   * before each commit: a subject that many posts touch between two commits (the global subject, a
   * trending hashtag) is serialised once, not at each post, and its changelog record still goes
   * into the transaction that commits those posts. A changed state pushed out of this cache is
   * written at once.
   */
  private final Map<String, SubjectState> recent =
      new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SubjectState> eldest) {
          if (size() <= CACHED_STATES) {
            return false;
          }
          if (unsaved.remove(eldest.getKey()) != null) {
            states.put(eldest.getKey(), detector.write(eldest.getValue()));
          }
          return true;
        }
      };

  /**
   * Subjects whose state changed since the last {@link #flush}, with their states: writing them
   * does not look each one up again in {@link #recent}.
   */
  private final Map<String, SubjectState> unsaved = new LinkedHashMap<>();

  private long startedAt = Long.MIN_VALUE;
  private long lastSweep = Long.MIN_VALUE;

  public SubjectDetection(SubjectDetector detector, States states, Drops drops) {
    this(detector, states, subject -> null, drops);
  }

  /**
   * @param seeds baselines learned from history, by subject: a subject seen for the first time
   *     starts from its seed, if it has one, instead of cold
   */
  public SubjectDetection(
      SubjectDetector detector, States states, Function<String, byte[]> seeds, Drops drops) {
    this.detector = detector;
    this.states = states;
    this.seeds = seeds;
    this.drops = drops;
    this.watermark = new Watermark(detector.settings().ahead());
    byte[] started = states.get(STARTED_KEY);
    if (started != null) {
      startedAt = ByteBuffer.wrap(started).getLong();
    }
    states.forEach(
        (subject, bytes) -> {
          if (!subject.equals(STARTED_KEY) && detector.header(bytes).inEpisode()) {
            inEpisode.add(subject);
          }
        });
  }

  public long watermark() {
    return watermark.current();
  }

  /** One observation; returns the signals it and the time it moved raised. */
  public List<Signal> observe(Observation post, long now) {
    long time = watermark.observe(post.getEventTime().toEpochMilli());
    if (startedAt == Long.MIN_VALUE) {
      startedAt = time;
      states.put(STARTED_KEY, ByteBuffer.allocate(8).putLong(startedAt).array());
    }
    String subject = post.getSubject();
    SubjectState state = load(subject);
    boolean created = state == null;
    if (created) {
      byte[] seed = seeds.apply(subject);
      state =
          seed != null
              ? detector.seeded(subject, seed, time)
              : detector.create(
                  subject, time - startedAt >= detector.settings().warmup().toMillis());
    }
    SubjectDetector.Outcome outcome = detector.observe(state, post, time, now);
    switch (outcome.placement()) {
      case LATE -> drops.late();
      case AHEAD -> drops.ahead();
      default -> {}
    }
    save(state, created);
    List<Signal> swept = sweep(time, now);
    if (swept.isEmpty()) {
      return outcome.signals();
    }
    List<Signal> signals = new ArrayList<>(outcome.signals());
    signals.addAll(swept);
    return signals;
  }

  /**
   * No input for a while: event time is taken to have reached {@code eventTime} (the watermark plus
   * the wall-clock time that passed), so that episodes still end and resolve.
   */
  public List<Signal> idle(long eventTime, long now) {
    if (!watermark.started()) {
      return List.of();
    }
    return sweep(watermark.idle(eventTime), now);
  }

  /** Advances the subjects with an episode open, at most once a minute of event time. */
  private List<Signal> sweep(long time, long now) {
    if (inEpisode.isEmpty()) {
      lastSweep = time;
      return List.of();
    }
    if (time - lastSweep < SWEEP_EVERY_MS) {
      return List.of();
    }
    lastSweep = time;
    List<Signal> out = new ArrayList<>();
    for (String subject : new ArrayList<>(inEpisode)) {
      SubjectState state = load(subject);
      if (state == null) {
        inEpisode.remove(subject);
        continue;
      }
      out.addAll(detector.advance(state, time, now));
      save(state, false);
    }
    return out;
  }

  /**
   * Writes every state changed since the last call to the store; returns how many. The detection
   * processor calls it before each commit, backtests and benchmarks as often as they like: what
   * detection decides does not depend on when states are written.
   */
  public int flush() {
    int written = unsaved.size();
    unsaved.forEach((subject, state) -> states.put(subject, detector.write(state)));
    unsaved.clear();
    return written;
  }

  /** Forgets the changes not yet written: the task's uncommitted work is thrown away. */
  public void discardUnsaved() {
    for (String subject : unsaved.keySet()) {
      recent.remove(subject);
    }
    unsaved.clear();
  }

  /** Forgets subjects silent for the idle period; returns how many. */
  public int evict() {
    flush(); // judged on their stored headers, which must be current
    long time = watermark.current();
    List<String> forgotten = new ArrayList<>();
    states.forEach(
        (subject, bytes) -> {
          if (!subject.equals(STARTED_KEY)
              && detector.forgettable(subject, detector.header(bytes), time)) {
            forgotten.add(subject);
          }
        });
    for (String subject : forgotten) {
      states.delete(subject);
      recent.remove(subject);
    }
    return forgotten.size();
  }

  /** Subjects with an episode open now. */
  public int episodesOpen() {
    return inEpisode.size();
  }

  private SubjectState load(String subject) {
    SubjectState state = recent.get(subject);
    if (state == null) {
      byte[] bytes = states.get(subject);
      if (bytes != null) {
        state = detector.read(subject, bytes);
        recent.put(subject, state);
      }
    }
    return state;
  }

  /**
   * Marks a state changed. One {@link #load} returned is in {@link #recent} already, as the most
   * recently used: only a {@code created} one is put there.
   */
  private void save(SubjectState state, boolean created) {
    if (created) {
      recent.put(state.subject(), state);
    }
    unsaved.put(state.subject(), state);
    if (state.inEpisode()) {
      inEpisode.add(state.subject());
    } else {
      inEpisode.remove(state.subject());
    }
  }
}
