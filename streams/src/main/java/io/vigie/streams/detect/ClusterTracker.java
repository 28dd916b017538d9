package io.vigie.streams.detect;

import io.vigie.schema.Observation;
import io.vigie.schema.Signal;
import io.vigie.schema.SignalKind;
import io.vigie.schema.SignalPhase;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One near-duplicate cluster: coordinated posting and viral reposting.
 *
 * <p>It remembers the last {@value #MEMBERS} members (time, author, repost or original, account
 * age). Coordination: within the window, original posts (not reposts: resharing is what organic
 * virality looks like) from at least {@code minAccounts} distinct accounts, with a median gap
 * between consecutive posts of at most {@code maxMedianGap}; accounts younger than {@code
 * newAccountAge} count double towards the threshold, since fresh accounts are the usual tool of
 * astroturfing; and the cluster must be bursting (young, or far above its own long-run rate).
 * Virality: at least {@code viralReposts} reposts from distinct accounts within the window, flagged
 * when it happens, before the volume of any watch rule has had time to rise. Each fires once per
 * cluster.
 */
final class ClusterTracker {

  static final int MEMBERS = 64;

  private final String subject;
  private final DetectionSettings.Coordination settings;
  private final long[] times = new long[MEMBERS];
  private final long[] authors = new long[MEMBERS];
  private final boolean[] reposts = new boolean[MEMBERS];
  private final boolean[] fresh = new boolean[MEMBERS];
  private int size;
  private int next;
  private long firstSeen = Long.MIN_VALUE;
  private long openedAt = Long.MIN_VALUE;
  private long originals;
  private boolean afterWarmup;
  private boolean coordinationFired;
  private boolean viralFired;
  private EvidenceCollector evidence = new EvidenceCollector();

  ClusterTracker(String subject, DetectionSettings.Coordination settings) {
    this.subject = subject;
    this.settings = settings;
  }

  void observe(Observation post, boolean quietHistory, long now, List<Signal> out) {
    this.afterWarmup = quietHistory;
    long time = post.getEventTime().toEpochMilli();
    if (firstSeen == Long.MIN_VALUE) {
      firstSeen = time;
    }
    if (post.getClusterOpenedAt() != null) {
      openedAt = post.getClusterOpenedAt().toEpochMilli();
    }
    if (!post.getRepost()) {
      originals++;
    }
    times[next] = time;
    authors[next] =
        post.getAuthor() == null ? post.getPostKey().hashCode() : post.getAuthor().hashCode();
    reposts[next] = post.getRepost();
    fresh[next] = post.getNewAccount();
    next = (next + 1) % MEMBERS;
    size = Math.min(MEMBERS, size + 1);
    evidence.add(post);
    long since = time - settings.window().toMillis();
    if (!coordinationFired && !post.getRepost()) {
      checkCoordination(since, time, now, out);
    }
    if (!viralFired && post.getRepost()) {
      checkVirality(since, time, now, out);
    }
  }

  private void checkCoordination(long since, long time, long now, List<Signal> out) {
    Set<Long> accounts = new HashSet<>();
    Set<Long> freshAccounts = new HashSet<>();
    long[] originals = new long[size];
    int n = 0;
    for (int i = 0; i < size; i++) {
      if (!reposts[i] && times[i] >= since && times[i] <= time) {
        accounts.add(authors[i]);
        if (fresh[i]) {
          freshAccounts.add(authors[i]);
        }
        originals[n++] = times[i];
      }
    }
    double weight = accounts.size() + freshAccounts.size();
    if (weight < settings.minAccounts() || n < 3 || !burst(n, since, time)) {
      return;
    }
    long[] sorted = Arrays.copyOf(originals, n);
    Arrays.sort(sorted);
    long[] gaps = new long[n - 1];
    for (int i = 1; i < n; i++) {
      gaps[i - 1] = sorted[i] - sorted[i - 1];
    }
    Arrays.sort(gaps);
    long medianGap = gaps[gaps.length / 2];
    if (medianGap > settings.maxMedianGap().toMillis()) {
      return;
    }
    coordinationFired = true;
    Map<String, String> figures = new LinkedHashMap<>();
    figures.put("distinct_accounts", Integer.toString(accounts.size()));
    figures.put("new_accounts", Integer.toString(freshAccounts.size()));
    figures.put(
        "new_account_share", Findings.format((double) freshAccounts.size() / accounts.size()));
    figures.put("median_gap_s", Findings.format(medianGap / 1000.0));
    figures.put("coordinated_share", "1");
    figures.put(
        "baseline",
        "at least "
            + settings.minAccounts()
            + " accounts (new ones counting double) posting near-identical text within "
            + settings.window().toMinutes()
            + " min, median gap at most "
            + settings.maxMedianGap().toSeconds()
            + " s");
    out.add(
        Findings.signal(
            SignalKind.COORDINATION,
            SignalPhase.OPENED,
            subject,
            settings.window().toMillis(),
            sorted[0],
            sorted[0],
            time,
            accounts.size(),
            settings.minAccounts(),
            weight / settings.minAccounts(),
            sorted[0],
            now,
            time,
            evidence.toEvidence("", figures)));
  }

  /**
   * Whether the {@code inWindow} originals are a burst: the cluster opened recently (within four
   * windows), or the window holds four times what the cluster's long-run rate predicts. A text many
   * accounts have repeated steadily for hours (a greeting, a meme) is not a campaign.
   */
  private boolean burst(int inWindow, long since, long time) {
    long window = settings.window().toMillis();
    long born = openedAt != Long.MIN_VALUE ? openedAt : firstSeen;
    if (time - born <= 4 * window) {
      // Young: a burst by definition, except while the pipeline warms up, when every cluster
      // looks young.
      return afterWarmup;
    }
    double before = Math.max(0, originals - inWindow);
    double expected = before * window / (double) Math.max(window, since - born);
    // Four times the usual rate: no daily cycle explains that; and unlikely by chance at small
    // counts, where four times almost nothing is still almost nothing.
    return inWindow >= 4 * expected
        && Poisson.upperTail(inWindow, Math.max(expected, 0.1)) <= settings.maxBurstTail();
  }

  private void checkVirality(long since, long time, long now, List<Signal> out) {
    Set<Long> accounts = new HashSet<>();
    long first = Long.MAX_VALUE;
    for (int i = 0; i < size; i++) {
      if (reposts[i] && times[i] >= since && times[i] <= time) {
        accounts.add(authors[i]);
        first = Math.min(first, times[i]);
      }
    }
    if (accounts.size() < settings.viralReposts()) {
      return;
    }
    viralFired = true;
    double minutes = Math.max(1, (time - first) / 60_000.0);
    Map<String, String> figures = new LinkedHashMap<>();
    figures.put("reposting_accounts", Integer.toString(accounts.size()));
    figures.put("reposts_per_minute", Findings.format(accounts.size() / minutes));
    figures.put(
        "baseline",
        "at least "
            + settings.viralReposts()
            + " reposts from distinct accounts within "
            + settings.window().toMinutes()
            + " min");
    out.add(
        Findings.signal(
            SignalKind.VIRAL_POST,
            SignalPhase.OPENED,
            subject,
            settings.window().toMillis(),
            first,
            first,
            time,
            accounts.size(),
            settings.viralReposts(),
            accounts.size() / (double) settings.viralReposts(),
            first,
            now,
            time,
            evidence.toEvidence("", figures)));
  }

  /** Event time of the latest member. */
  long lastSeen() {
    return size == 0 ? Long.MIN_VALUE : times[Math.floorMod(next - 1, MEMBERS)];
  }

  void write(DataOutput out) throws IOException {
    out.writeByte(size);
    out.writeByte(next);
    for (int i = 0; i < size; i++) {
      out.writeLong(times[i]);
      out.writeLong(authors[i]);
      out.writeByte((reposts[i] ? 1 : 0) | (fresh[i] ? 2 : 0));
    }
    out.writeBoolean(coordinationFired);
    out.writeBoolean(viralFired);
    out.writeLong(firstSeen);
    out.writeLong(openedAt);
    out.writeLong(originals);
    evidence.write(out);
  }

  void read(DataInput in) throws IOException {
    size = in.readByte();
    next = in.readByte();
    for (int i = 0; i < size; i++) {
      times[i] = in.readLong();
      authors[i] = in.readLong();
      int flags = in.readByte();
      reposts[i] = (flags & 1) != 0;
      fresh[i] = (flags & 2) != 0;
    }
    coordinationFired = in.readBoolean();
    viralFired = in.readBoolean();
    firstSeen = in.readLong();
    openedAt = in.readLong();
    originals = in.readLong();
    evidence = EvidenceCollector.read(in);
  }
}
