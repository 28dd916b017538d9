package io.vigie.streams.detect;

import io.vigie.schema.Observation;
import io.vigie.schema.Signal;
import io.vigie.schema.SignalKind;
import io.vigie.schema.SignalPhase;
import io.vigie.streams.dedup.AuthorCount;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Weak signals of one term or hashtag: still rare, but growing fast across many authors.
 *
 * <p>Posts are counted in tumbling windows (an hour by default) and judged by the term's share of
 * all original posts in the window, against its own history: an EWMA of its share in which silent
 * windows count as zeros. Working in shares makes the daily cycle cancel out: every word is busier
 * in the evening. Every post re-judges the window so far: the term emerges when its count is {@code
 * minGrowth} times what its usual share predicts, unlikely under a Poisson law with that
 * expectation, from enough distinct authors, with enough diversity (authors per post: one account
 * repeating itself is not a trend), after a previous window that was already growing (persistence:
 * one busy hour is not a trend either), and while no volume spike is open on it (then it is no
 * longer weak). Only original posts reach this tracker (reposts and near-duplicate copies are
 * counted once, by their cluster's first post). Reported once per cooldown; the time it fired is
 * kept, so that a spike opening later on the same term records the lead time.
 */
final class EmergenceTracker {

  private final String subject;
  private final DetectionSettings.Emergence settings;
  private final long window;
  private long windowStart = Long.MIN_VALUE;
  private long posts;
  private long volume;
  private AuthorCount authors = new AuthorCount();
  private double usualShare;
  private long windowsSeen;
  private boolean previousHot;
  private long firstSeen = Long.MIN_VALUE;
  private long firedAt = Long.MIN_VALUE;
  private EvidenceCollector evidence = new EvidenceCollector();

  EmergenceTracker(String subject, DetectionSettings.Emergence settings) {
    this.subject = subject;
    this.settings = settings;
    this.window = settings.window().toMillis();
  }

  /** Event time the last weak signal fired, or {@code Long.MIN_VALUE}. */
  long firedAt() {
    return firedAt;
  }

  /** The term's usual share of original posts, as its hourly windows taught it (0 when new). */
  double usualShare() {
    return usualShare;
  }

  void observe(
      Observation post,
      long watermark,
      boolean spikeOpen,
      boolean quietHistory,
      long now,
      List<Signal> out) {
    long time = post.getEventTime().toEpochMilli();
    if (firstSeen == Long.MIN_VALUE) {
      firstSeen = time;
      if (!quietHistory) {
        windowsSeen = -1; // met while the pipeline warms up: no history to compare with yet
      }
    }
    roll(Math.max(time, watermark));
    posts++;
    if (post.getWindowStart().toEpochMilli() == windowStart) {
      volume = Math.max(volume, post.getWindowVolume());
    }
    authors.add(post.getAuthor() == null ? post.getPostKey() : post.getAuthor());
    evidence.add(post);
    boolean coolingDown =
        firedAt != Long.MIN_VALUE && time < firedAt + settings.cooldown().toMillis();
    if (spikeOpen || windowsSeen < 0 || coolingDown || !previousHot) {
      return;
    }
    double expected = Math.max(usualShare * Math.max(volume, 1), MIN_EXPECTED);
    double growth = (posts + 1) / (expected + 1);
    int distinct = authors.count();
    double diversity = Math.min(1, (double) distinct / posts);
    double tail = Poisson.upperTail(posts, expected);
    if (growth >= settings.minGrowth()
        && tail <= settings.maxTail()
        && distinct >= settings.minAuthors()
        && diversity >= settings.minDiversity()) {
      firedAt = time;
      double score = growth * diversity * Math.log1p(distinct);
      Map<String, String> figures = new LinkedHashMap<>();
      boolean novel = usualShare * Math.max(volume, 1) < MIN_EXPECTED;
      figures.put("growth", Findings.format(growth));
      figures.put("share", Findings.format((double) posts / Math.max(volume, 1)));
      figures.put("usual_share", Findings.format(usualShare));
      figures.put("author_diversity", Findings.format(diversity));
      figures.put("poisson_tail", Findings.format(tail));
      figures.put("novel", Boolean.toString(novel));
      figures.put(
          "reasons",
          Findings.format(growth)
              + "x its usual share of posts over "
              + settings.window().toMinutes()
              + " min, two windows running, "
              + distinct
              + " distinct authors ("
              + Math.round(100 * diversity)
              + "% of posts)"
              + (novel ? ", a new term" : ""));
      figures.put(
          "baseline",
          "EWMA of the term's share of original posts per "
              + settings.window().toMinutes()
              + " min window");
      out.add(
          Findings.signal(
              SignalKind.WEAK_SIGNAL,
              SignalPhase.OPENED,
              subject,
              window,
              windowStart,
              windowStart,
              windowStart + window,
              posts,
              expected,
              score,
              evidence.firstPostAt(),
              now,
              time,
              evidence.toEvidence(VolumeHorizon.ownTerm(subject), figures)));
    }
  }

  /** Fewest posts a window is expected to hold when judging growth: a term's first few posts. */
  private static final double MIN_EXPECTED = 0.5;

  /**
   * Closes the windows the stream has left behind, learning the term's share in each (silent ones
   * as zeros), and remembering whether the last one was already growing.
   */
  private void roll(long time) {
    long start = Math.floorDiv(time, window) * window;
    if (windowStart == Long.MIN_VALUE) {
      windowStart = start;
      return;
    }
    if (start <= windowStart) {
      return;
    }
    long passed = (start - windowStart) / window;
    double share = volume > 0 ? (double) posts / volume : 0;
    double expected = Math.max(usualShare * Math.max(volume, 1), MIN_EXPECTED);
    boolean hot = passed == 1 && posts >= 2 && (posts + 1) / (expected + 1) >= settings.minGrowth();
    if (windowsSeen < 0) {
      // The first window of a term met while the pipeline warms up: its share is the only
      // history there is, so it starts the baseline instead of being blended into zero.
      usualShare = share;
      windowsSeen = 0;
      hot = false;
    } else {
      usualShare += settings.alpha() * (share - usualShare);
      windowsSeen += passed;
    }
    usualShare *= Math.pow(1 - settings.alpha(), Math.min(passed - 1, 10_000));
    previousHot = hot;
    windowStart = start;
    posts = 0;
    volume = 0;
    authors.clear();
    evidence.clear();
  }

  void write(DataOutput out) throws IOException {
    out.writeLong(windowStart);
    out.writeLong(posts);
    out.writeLong(volume);
    out.writeBoolean(previousHot);
    byte[] authorBytes = authors.toBytes();
    out.writeShort(authorBytes.length);
    out.write(authorBytes);
    out.writeDouble(usualShare);
    out.writeLong(windowsSeen);
    out.writeLong(firstSeen);
    out.writeLong(firedAt);
    evidence.write(out);
  }

  void read(DataInput in) throws IOException {
    windowStart = in.readLong();
    posts = in.readLong();
    volume = in.readLong();
    previousHot = in.readBoolean();
    byte[] authorBytes = new byte[in.readShort()];
    in.readFully(authorBytes);
    authors = AuthorCount.fromBytes(authorBytes);
    usualShare = in.readDouble();
    windowsSeen = in.readLong();
    firstSeen = in.readLong();
    firedAt = in.readLong();
    evidence = EvidenceCollector.read(in);
  }
}
