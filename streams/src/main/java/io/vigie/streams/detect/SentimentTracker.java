package io.vigie.streams.detect;

import io.vigie.schema.Observation;
import io.vigie.schema.Signal;
import io.vigie.schema.SignalKind;
import io.vigie.schema.SignalPhase;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bad buzz on one watch rule: its share of negative posts rising sharply above its usual share.
 *
 * <p>Posts are counted in tumbling windows (30 minutes by default). The usual negative share is an
 * EWMA over past windows that had enough posts to say anything, starting from a prior of 30%, about
 * what Vigie's sentiment model finds in ordinary chatter (32% of CrisisLex's off-topic tweets; the
 * lexicon scorer before it found 26%, and the prior was 20%). Every post re-judges the window so
 * far: the shift opens when the window has at least {@code minPosts} posts, a negative share {@code
 * minRise} above the usual one, and a binomial tail below {@code maxTail} (few posts need a larger
 * rise). It closes at the end of the first window back under half the rise, then cools down. The
 * usual share is frozen during a shift.
 */
final class SentimentTracker {

  private static final double PRIOR_SHARE = 0.3;

  private final String subject;
  private final DetectionSettings.Sentiment settings;
  private final long window;
  private long windowStart = Long.MIN_VALUE;
  private long posts;
  private long negative;
  private double usualShare = PRIOR_SHARE;
  private boolean open;
  private long episodeStart = Long.MIN_VALUE;
  private long cooldownUntil = Long.MIN_VALUE;
  private EvidenceCollector evidence = new EvidenceCollector();

  SentimentTracker(String subject, DetectionSettings.Sentiment settings) {
    this.subject = subject;
    this.settings = settings;
    this.window = settings.window().toMillis();
  }

  boolean inEpisode() {
    return open;
  }

  void observe(Observation post, long watermark, long now, List<Signal> out) {
    long time = post.getEventTime().toEpochMilli();
    advance(Math.max(time, watermark), now, out);
    posts++;
    if (post.getSentiment() < 0) {
      negative++;
    }
    evidence.add(post);
    if (open || time < cooldownUntil || posts < settings.minPosts()) {
      return;
    }
    double share = (double) negative / posts;
    double tail = Poisson.binomialUpperTail(negative, posts, usualShare);
    if (share >= usualShare + settings.minRise() && tail <= settings.maxTail()) {
      open = true;
      episodeStart = windowStart;
      out.add(signal(SignalPhase.OPENED, share, tail, now, time));
    }
  }

  /** Closes the windows the watermark has passed. */
  void advance(long watermark, long now, List<Signal> out) {
    long start = Math.floorDiv(watermark, window) * window;
    if (windowStart == Long.MIN_VALUE) {
      windowStart = start;
      return;
    }
    if (start <= windowStart) {
      return;
    }
    double share = posts == 0 ? 0 : (double) negative / posts;
    if (open) {
      if (share < usualShare + settings.minRise() / 2 || posts < settings.minPosts()) {
        open = false;
        out.add(signal(SignalPhase.CLOSED, share, 1, now, windowStart + window));
        cooldownUntil = windowStart + window + settings.cooldown().toMillis();
        episodeStart = Long.MIN_VALUE;
      }
    } else if (posts >= settings.minPosts()) {
      usualShare += settings.alpha() * (share - usualShare);
    }
    windowStart = start;
    posts = 0;
    negative = 0;
    if (!open) {
      evidence.clear();
    }
  }

  private Signal signal(SignalPhase phase, double share, double tail, long now, long trigger) {
    Map<String, String> figures = new LinkedHashMap<>();
    figures.put("negative_share", Findings.format(share));
    figures.put("usual_negative_share", Findings.format(usualShare));
    figures.put("binomial_tail", Findings.format(tail));
    figures.put(
        "baseline",
        "EWMA of the negative share per " + settings.window().toMinutes() + " min window");
    return Findings.signal(
        SignalKind.SENTIMENT_SHIFT,
        phase,
        subject,
        window,
        episodeStart == Long.MIN_VALUE ? windowStart : episodeStart,
        windowStart,
        windowStart + window,
        share,
        usualShare,
        tail <= 0 ? 1e9 : -Math.log10(tail),
        evidence.firstPostAt(),
        now,
        trigger,
        evidence.toEvidence(VolumeHorizon.ownTerm(subject), figures));
  }

  /** Moves a usual share learned elsewhere to {@code time}: the windows start afresh there. */
  void rebase(long time) {
    windowStart = Math.floorDiv(time, window) * window;
    posts = 0;
    negative = 0;
    open = false;
    episodeStart = Long.MIN_VALUE;
    cooldownUntil = Long.MIN_VALUE;
    evidence.clear();
  }

  void write(DataOutput out) throws IOException {
    out.writeLong(windowStart);
    out.writeLong(posts);
    out.writeLong(negative);
    out.writeDouble(usualShare);
    out.writeBoolean(open);
    out.writeLong(episodeStart);
    out.writeLong(cooldownUntil);
    evidence.write(out);
  }

  void read(DataInput in) throws IOException {
    windowStart = in.readLong();
    posts = in.readLong();
    negative = in.readLong();
    usualShare = in.readDouble();
    open = in.readBoolean();
    episodeStart = in.readLong();
    cooldownUntil = in.readLong();
    evidence = EvidenceCollector.read(in);
  }
}
