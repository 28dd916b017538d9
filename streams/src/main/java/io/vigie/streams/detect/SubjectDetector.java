package io.vigie.streams.detect;

import io.vigie.schema.Evidence;
import io.vigie.schema.Observation;
import io.vigie.schema.Signal;
import io.vigie.schema.SignalKind;
import io.vigie.schema.SignalPhase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The detectors of one subject, driven post by post and by the passing of event time. Pure and
 * deterministic: the Kafka Streams processor keeps each subject's {@link SubjectState} in a state
 * store and calls this, the backtest keeps them in a map and calls the same.
 */
public final class SubjectDetector {

  /** What one post did: the signals it raised, and whether it counted or came too late or early. */
  /**
   * Where a post's event time put it: counted; later than the grace period (dropped); or too far
   * ahead of the watermark (counted in the newest bucket there is room for).
   */
  public enum Placement {
    COUNTED,
    LATE,
    AHEAD
  }

  public record Outcome(List<Signal> signals, Placement placement) {}

  private final DetectionSettings settings;
  private final Map<String, SpikeSettings> spikeSettings = new HashMap<>();

  public SubjectDetector(DetectionSettings settings) {
    this.settings = settings;
  }

  public DetectionSettings settings() {
    return settings;
  }

  /**
   * A subject seen for the first time. With {@code quietHistory} (the pipeline has run past its
   * warm-up) its past is taken as silent, so that a new crisis term alerts on its first burst.
   */
  public SubjectState create(String subject, boolean quietHistory) {
    SubjectState.Kind kind = SubjectState.Kind.of(subject);
    List<VolumeHorizon> horizons = new ArrayList<>();
    if (kind != SubjectState.Kind.CLUSTER) {
      for (Duration width : settings.horizons()) {
        horizons.add(
            new VolumeHorizon(
                subject,
                width.toMillis(),
                settings.ahead().toMillis(),
                spike(kind, width),
                kind.busy() ? settings.cycleSlots() : 0,
                quietHistory));
      }
    }
    return new SubjectState(
        subject,
        quietHistory,
        horizons,
        kind == SubjectState.Kind.TERM || kind == SubjectState.Kind.HASHTAG
            ? new EmergenceTracker(subject, settings.emergence())
            : null,
        kind == SubjectState.Kind.RULE ? new SentimentTracker(subject, settings.sentiment()) : null,
        kind == SubjectState.Kind.CLUSTER
            ? new ClusterTracker(subject, settings.coordination())
            : null);
  }

  private SpikeSettings spike(SubjectState.Kind kind, Duration width) {
    return spikeSettings.computeIfAbsent(
        kind.busy() + "/" + width,
        k -> {
          SpikeSettings spike =
              SpikeSettings.forBucket(
                  width,
                  settings.budget().threshold(kind.busy(), width, settings.horizons().size()));
          // Hashtags and terms watch bursts against their last half hour: every word rises and
          // falls with the whole stream (the evening, a storm), which their baselines do not learn
          // as a cycle, so they follow it closely instead; a burst outruns a half-hour memory.
          return kind.busy()
              ? spike
              : spike
                  .withSmallestShift(SpikeDetector.BURST_SHIFT)
                  .withLevelMemory(Duration.ofMinutes(30), width);
        });
  }

  /**
   * A state learned from history (a seed) moved to {@code time}: its baselines as the history left
   * them, its buckets and episodes starting afresh, so that a new watch rule starts warm.
   */
  public SubjectState seeded(String subject, byte[] seed, long time) {
    SubjectState state = read(subject, seed);
    for (VolumeHorizon horizon : state.horizons) {
      horizon.rebase(time);
    }
    if (state.sentiment != null) {
      state.sentiment.rebase(time);
    }
    state.lastSeen = time;
    return state;
  }

  /** Reads a state written by {@link #write}. */
  public SubjectState read(String subject, byte[] bytes) {
    return SubjectState.fromBytes(bytes, quiet -> create(subject, quiet));
  }

  /** What a stored state knows of its subject, for interactive queries. */
  public SubjectView view(String subject, byte[] bytes) {
    return SubjectView.of(read(subject, bytes));
  }

  public byte[] write(SubjectState state) {
    return state.toBytes();
  }

  /** One post about the subject, at watermark {@code watermark}; {@code now} is the wall clock. */
  public Outcome observe(SubjectState state, Observation post, long watermark, long now) {
    List<Signal> out = new ArrayList<>(1);
    long time = post.getEventTime().toEpochMilli();
    state.lastSeen = Math.max(state.lastSeen, time);
    state.posts++;
    Placement placement = Placement.COUNTED;
    for (VolumeHorizon horizon : state.horizons) {
      Placement placed = horizon.observe(post, watermark, settings.grace().toMillis(), now, out);
      if (placed != Placement.COUNTED) {
        placement = placed;
      }
    }
    if (placement != Placement.LATE) {
      if (state.emergence != null) {
        boolean spikeOpen = false;
        for (VolumeHorizon horizon : state.horizons) {
          spikeOpen |= horizon.inEpisode();
        }
        state.emergence.observe(post, watermark, spikeOpen, state.quietHistory, now, out);
      }
      if (state.sentiment != null) {
        state.sentiment.observe(post, watermark, now, out);
      }
      if (state.cluster != null) {
        state.cluster.observe(post, state.quietHistory, now, out);
      }
    }
    return new Outcome(withLeadTimes(state, out), placement);
  }

  /** Event time has moved on without a post about the subject: close what it has passed. */
  public List<Signal> advance(SubjectState state, long watermark, long now) {
    List<Signal> out = new ArrayList<>(0);
    for (VolumeHorizon horizon : state.horizons) {
      horizon.advance(watermark, now, out);
    }
    if (state.sentiment != null) {
      state.sentiment.advance(watermark, now, out);
    }
    return withLeadTimes(state, out);
  }

  /** The part of a stored state eviction and restart need, without decoding the rest. */
  public SubjectState.Header header(byte[] bytes) {
    return SubjectState.Header.of(bytes);
  }

  /**
   * Whether the subject may be forgotten: nothing open, and silent for the idle period (shorter for
   * a rarely seen term or hashtag).
   */
  public boolean forgettable(String subject, SubjectState.Header header, long watermark) {
    if (header.inEpisode() || header.lastSeen() == Long.MIN_VALUE) {
      return false;
    }
    DetectionSettings.Eviction eviction = settings.eviction();
    SubjectState.Kind kind = SubjectState.Kind.of(subject);
    boolean rare =
        (kind == SubjectState.Kind.TERM || kind == SubjectState.Kind.HASHTAG)
            && header.posts() < eviction.rarePosts();
    Duration idle = rare ? eviction.rareIdle() : eviction.idle();
    return watermark - header.lastSeen() > idle.toMillis();
  }

  /**
   * Every signal on a term or hashtag carries the term's usual share of original posts ({@value
   * #USUAL_SHARE}), which incidents need to tell a specific word from a common one; a spike opening
   * on a term that fired a weak signal before records how much earlier.
   */
  private static List<Signal> withLeadTimes(SubjectState state, List<Signal> signals) {
    if (state.emergence == null || signals.isEmpty()) {
      return signals;
    }
    List<Signal> out = new ArrayList<>(signals.size());
    for (Signal signal : signals) {
      Map<String, String> details = new HashMap<>(signal.getEvidence().getDetails());
      details.putIfAbsent(USUAL_SHARE, Findings.format(state.emergence.usualShare()));
      if (state.emergence.firedAt() != Long.MIN_VALUE
          && signal.getKind() == SignalKind.SPIKE
          && signal.getPhase() == SignalPhase.OPENED) {
        long lead = signal.getWindowStart().toEpochMilli() - state.emergence.firedAt();
        if (lead >= 0) {
          details.put("weak_signal_lead_ms", Long.toString(lead));
        }
      }
      out.add(
          Signal.newBuilder(signal)
              .setEvidence(Evidence.newBuilder(signal.getEvidence()).setDetails(details).build())
              .build());
    }
    return out;
  }

  /** Evidence detail: a term's usual share of original posts, 0 to 1. */
  public static final String USUAL_SHARE = "usual_share";
}
