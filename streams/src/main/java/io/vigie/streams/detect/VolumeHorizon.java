package io.vigie.streams.detect;

import io.vigie.schema.Observation;
import io.vigie.schema.Signal;
import io.vigie.schema.SignalKind;
import io.vigie.schema.SignalPhase;
import io.vigie.schema.SubjectKey;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Volume of one subject in event-time buckets of one width, judged by a {@link SpikeDetector} (a
 * negative-binomial CUSUM over every window length).
 *
 * <p>A bucket closes as soon as the watermark passes its end, and is fed to the detector; buckets
 * no post fell in are fed as zeros, so that a quiet key's baseline stays honest. A post late by
 * less than the grace period still counts, in the oldest open bucket; a later one is dropped and
 * counted; one too far ahead of the watermark counts in the newest bucket there is room for. Each
 * post is also judged on the bucket still filling, so that an episode opens on the post that makes
 * the evidence strong enough, not when the bucket ends (the CUSUMs run on over the open buckets).
 * Posts flagged as coordinated copies are reported but not counted: a cluster of copies counts
 * once.
 */
final class VolumeHorizon {

  private final String subject;
  private final long width;
  private final SpikeSettings spikeSettings;
  private final int slots;
  private final long[] counts;

  /** The open buckets' counts handed to the detector at each post, reused from post to post. */
  private final long[] open;

  private SpikeDetector detector;
  private long openStart = Long.MIN_VALUE;

  /** Posts counted in buckets not yet closed. */
  private long pending;

  private EvidenceCollector evidence = new EvidenceCollector();
  private long episodeStart = Long.MIN_VALUE;
  private long peak;
  private double episodeExpected;

  VolumeHorizon(
      String subject,
      long width,
      long ahead,
      SpikeSettings spikeSettings,
      int slots,
      boolean quietHistory) {
    this.subject = subject;
    this.width = width;
    this.spikeSettings = spikeSettings;
    this.slots = slots;
    this.counts = new long[(int) Math.max(2, ahead / width + 2)];
    this.open = new long[counts.length];
    this.detector =
        quietHistory
            ? SpikeDetector.withQuietHistory(spikeSettings, slots)
            : new SpikeDetector(spikeSettings, slots);
  }

  boolean inEpisode() {
    return detector.inEpisode();
  }

  long width() {
    return width;
  }

  /** Start of the current episode, or {@code Long.MIN_VALUE}. */
  long episodeStart() {
    return episodeStart;
  }

  /** Counts one post, emitting a signal into {@code out} if it opens an episode. */
  SubjectDetector.Placement observe(
      Observation post, long watermark, long graceMs, long now, List<Signal> out) {
    long time = post.getEventTime().toEpochMilli();
    long bucket = Math.floorDiv(time, width) * width;
    if (openStart == Long.MIN_VALUE) {
      openStart = bucket;
    }
    advance(watermark, now, out);
    if (bucket < openStart) {
      if (time + graceMs < watermark) {
        return SubjectDetector.Placement.LATE;
      }
      bucket = openStart; // late within the grace period: counts in the oldest open bucket
    }
    SubjectDetector.Placement placement = SubjectDetector.Placement.COUNTED;
    if (bucket >= openStart + counts.length * width) {
      // Too far past the watermark (a far-future post, or the first after a long gap): it counts
      // in the newest bucket there is room for, so that it cannot move any window itself.
      bucket = openStart + (counts.length - 1) * width;
      placement = SubjectDetector.Placement.AHEAD;
    }
    int at = ring(bucket);
    if (!post.getCoordinated()) {
      counts[at]++;
      pending++;
    }
    evidence.add(post);
    if (!detector.inEpisode()) {
      // The open buckets up to this post's, oldest first: none of them is fed to the detector yet.
      int buckets = (int) ((bucket - openStart) / width) + 1;
      for (int i = 0; i < buckets; i++) {
        open[i] = counts[ring(openStart + i * width)];
      }
      SpikeDetector.Step step = detector.early(open, buckets, slot(bucket));
      if (step != null) {
        episodeStart = bucket;
        peak = step.observed();
        episodeExpected = step.expected();
        out.add(signal(SignalPhase.OPENED, bucket, step, now, time));
      }
    }
    return placement;
  }

  /** Closes every bucket the watermark has passed, emitting what the detector decides. */
  void advance(long watermark, long now, List<Signal> out) {
    if (openStart == Long.MIN_VALUE) {
      return;
    }
    while (openStart + width <= watermark) {
      long quiet = (Math.floorDiv(watermark, width) * width - openStart) / width;
      if (pending == 0 && quiet > 1 && !detector.inEpisode()) {
        // Nothing in the open buckets and nothing open: the silence up to the watermark is fed
        // in one step.
        detector.skipQuiet(quiet);
        openStart += quiet * width;
        if (evidence.posts() > 0) {
          evidence.clear();
        }
        break;
      }
      int at = ring(openStart);
      long count = counts[at];
      counts[at] = 0;
      pending -= count;
      boolean wasOpen = detector.inEpisode();
      SpikeDetector.Step step = detector.next(count, slot(openStart));
      switch (step.transition()) {
        case OPENED -> {
          episodeStart = openStart;
          peak = count;
          episodeExpected = step.expected();
          out.add(signal(SignalPhase.OPENED, openStart, step, now, openStart + width));
        }
        case CONTINUED -> {
          if (count >= 1.5 * peak && count > peak) {
            peak = count;
            out.add(signal(SignalPhase.UPDATED, openStart, step, now, openStart + width));
          }
        }
        case CLOSED -> {
          out.add(signal(SignalPhase.CLOSED, openStart, step, now, openStart + width));
          episodeStart = Long.MIN_VALUE;
          peak = 0;
          evidence.clear();
        }
        case NONE -> {
          if (!wasOpen && evidence.posts() > 0) {
            evidence.clear();
          }
        }
      }
      openStart += width;
    }
  }

  private Signal signal(
      SignalPhase phase, long bucket, SpikeDetector.Step step, long now, long trigger) {
    double expected = phase == SignalPhase.OPENED ? step.expected() : episodeExpected;
    Map<String, String> figures =
        Map.of(
            "baseline",
            "winsorised EWMA of counts in "
                + width / 1000
                + " s buckets"
                + (slots > 1 ? ", with an hour-of-day cycle" : "")
                + ", negative binomial, over "
                + detector.buckets()
                + " buckets",
            "cusum_llr",
            Findings.format(step.score()),
            "window_posts",
            Long.toString(step.windowPosts()),
            "window_expected",
            Findings.format(step.windowExpected()),
            "window_minutes",
            Long.toString(step.windowBuckets() * width / 60_000),
            "threshold",
            Findings.format(detector.settings().threshold()),
            "chance_bound",
            Findings.format(step.tail()),
            "peak",
            Long.toString(Math.max(peak, step.observed())));
    return Findings.signal(
        SignalKind.SPIKE,
        phase,
        subject,
        width,
        episodeStart == Long.MIN_VALUE ? bucket : episodeStart,
        bucket,
        bucket + width,
        step.observed(),
        expected,
        step.score(),
        evidence.firstPostAt(),
        now,
        trigger,
        evidence.toEvidence(ownTerm(subject), figures));
  }

  static String ownTerm(String subject) {
    return SubjectKey.name(subject);
  }

  private int ring(long bucket) {
    return (int) Math.floorMod(Math.floorDiv(bucket, width), (long) counts.length);
  }

  private int slot(long bucket) {
    return slots <= 1 ? 0 : (int) Math.floorMod(Math.floorDiv(bucket, 3_600_000L), (long) slots);
  }

  /**
   * Moves a baseline learned elsewhere (a seed computed from history) to {@code time}: the buckets
   * start afresh there, an episode open at the end of the history is forgotten, the baseline itself
   * is kept as the history left it.
   */
  void rebase(long time) {
    detector.forgetEpisode();
    episodeStart = Long.MIN_VALUE;
    peak = 0;
    Arrays.fill(counts, 0);
    pending = 0;
    openStart = Math.floorDiv(time, width) * width;
    evidence.clear();
  }

  EvidenceCollector evidence() {
    return evidence;
  }

  /** This horizon as {@link SubjectView} shows it, with the {@code topTerms} most frequent. */
  SubjectView.Horizon view(int topTerms) {
    boolean started = openStart != Long.MIN_VALUE;
    List<SubjectView.TermCount> terms = new ArrayList<>(topTerms);
    for (String term : evidence.topTerms(topTerms, ownTerm(subject))) {
      terms.add(new SubjectView.TermCount(term, evidence.termCount(term)));
    }
    return new SubjectView.Horizon(
        width / 1000,
        started ? Instant.ofEpochMilli(openStart) : null,
        started ? counts[ring(openStart)] : 0,
        detector.expected(started ? slot(openStart) : 0),
        detector.buckets(),
        episodeStart == Long.MIN_VALUE ? null : Instant.ofEpochMilli(episodeStart),
        evidence.posts(),
        List.copyOf(terms));
  }

  void write(DataOutput out) throws IOException {
    out.writeLong(openStart);
    out.writeLong(pending);
    out.writeShort(counts.length);
    for (long count : counts) {
      out.writeLong(count);
    }
    detector.write(out);
    evidence.write(out);
    out.writeLong(episodeStart);
    out.writeLong(peak);
    out.writeDouble(episodeExpected);
  }

  void read(DataInput in) throws IOException {
    openStart = in.readLong();
    pending = in.readLong();
    int length = in.readShort();
    for (int i = 0; i < length; i++) {
      long count = in.readLong();
      if (i < counts.length) {
        counts[i] = count;
      }
    }
    detector = SpikeDetector.read(spikeSettings, in);
    evidence = EvidenceCollector.read(in);
    episodeStart = in.readLong();
    peak = in.readLong();
    episodeExpected = in.readDouble();
  }
}
