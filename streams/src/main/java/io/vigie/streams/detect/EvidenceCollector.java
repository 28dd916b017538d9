package io.vigie.streams.detect;

import io.vigie.schema.Evidence;
import io.vigie.schema.Observation;
import io.vigie.schema.SamplePost;
import io.vigie.streams.dedup.AuthorCount;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What supports a finding, gathered post by post in bounded memory: volume split into organic and
 * coordinated, suspect posts (coordinated copies or new accounts), sentiment split, distinct
 * authors, the most frequent co-occurring terms, watch rules and near-duplicate clusters, and three
 * sample posts from distinct clusters (the first one seen, then the most followed authors), so that
 * an alert quotes three different things, not one text three times.
 */
public final class EvidenceCollector {

  static final int SAMPLES = 3;
  private static final int TERMS = 32;
  private static final int SMALL = 8;

  private long firstPostAt = Long.MAX_VALUE;
  private long lastPostAt = Long.MIN_VALUE;
  private long posts;
  private long coordinated;
  private long suspect;
  private long negative;
  private long positive;

  /**
   * Followers of the posts' authors, summed over posts (reposts included): potential impressions.
   */
  private long reach;

  private AuthorCount authors = new AuthorCount();
  private TopTerms terms = new TopTerms(TERMS);
  private TopTerms rules = new TopTerms(SMALL);
  private TopTerms clusters = new TopTerms(SMALL);
  private final List<Sample> samples = new ArrayList<>(SAMPLES);

  private record Sample(
      String key,
      String text,
      long at,
      String handle,
      String url,
      String cluster,
      long followers) {}

  /**
   * Forgets everything gathered, as a new collector would start, keeping its tables: a horizon
   * starts a collector afresh at every quiet bucket, and building three tables each time was a good
   * part of detection's allocation.
   */
  public void clear() {
    firstPostAt = Long.MAX_VALUE;
    lastPostAt = Long.MIN_VALUE;
    posts = 0;
    coordinated = 0;
    suspect = 0;
    negative = 0;
    positive = 0;
    reach = 0;
    authors.clear();
    terms.clear();
    rules.clear();
    clusters.clear();
    samples.clear();
  }

  public void add(Observation post) {
    posts++;
    firstPostAt = Math.min(firstPostAt, post.getEventTime().toEpochMilli());
    lastPostAt = Math.max(lastPostAt, post.getEventTime().toEpochMilli());
    if (post.getCoordinated()) {
      coordinated++;
    }
    if (post.getCoordinated() || post.getNewAccount()) {
      suspect++;
    }
    if (post.getFollowers() != null && post.getFollowers() > 0) {
      reach += post.getFollowers(); // a repost shows the post to the reposter's followers too
    }
    if (post.getSentiment() < 0) {
      negative++;
    } else if (post.getSentiment() > 0) {
      positive++;
    }
    if (post.getAuthor() != null) {
      authors.add(post.getAuthor());
    }
    for (String word : post.getWords()) {
      terms.add(word);
    }
    for (String rule : post.getWatchRuleIds()) {
      rules.add(rule);
    }
    String cluster = post.getClusterId() == null ? post.getPostKey() : post.getClusterId();
    clusters.add(cluster);
    if (!post.getRepost()) {
      offerSample(post, cluster);
    }
  }

  private void offerSample(Observation post, String cluster) {
    for (Sample sample : samples) {
      if (sample.cluster().equals(cluster)) {
        return;
      }
    }
    long followers = post.getFollowers() == null ? 0 : post.getFollowers();
    Sample candidate =
        new Sample(
            post.getPostKey(),
            post.getText(),
            post.getEventTime().toEpochMilli(),
            post.getAuthorHandle(),
            post.getUrl(),
            cluster,
            followers);
    if (samples.size() < SAMPLES) {
      samples.add(candidate);
      return;
    }
    // The first sample stays (it dates the episode); the others go to the most followed.
    int weakest = 1;
    for (int i = 2; i < samples.size(); i++) {
      if (samples.get(i).followers() < samples.get(weakest).followers()) {
        weakest = i;
      }
    }
    if (followers > samples.get(weakest).followers()) {
      samples.set(weakest, candidate);
    }
  }

  public long posts() {
    return posts;
  }

  public long coordinated() {
    return coordinated;
  }

  public long negative() {
    return negative;
  }

  public int authors() {
    return posts == 0 ? 0 : authors.count();
  }

  /** Event time of the first post gathered, or {@code null} when none was. */
  public Long firstPostAt() {
    return posts == 0 ? null : firstPostAt;
  }

  public long lastPostAt() {
    return lastPostAt;
  }

  /** The most frequent co-occurring terms, leaving out {@code own} (the subject's own term). */
  public List<String> topTerms(int n, String own) {
    List<String> top = new ArrayList<>(terms.top(n + 1));
    top.remove(own);
    return top.size() > n ? top.subList(0, n) : top;
  }

  /** Posts gathered that carry {@code term} (over-estimated by at most the rarest term kept). */
  public long termCount(String term) {
    return terms.count(term);
  }

  /** The evidence record, with the detector's own figures added to the common ones. */
  public Evidence toEvidence(String ownTerm, Map<String, String> figures) {
    Map<String, String> details = new LinkedHashMap<>(figures);
    details.put("posts", Long.toString(posts));
    details.put("coordinated_posts", Long.toString(coordinated));
    details.put("organic_posts", Long.toString(posts - coordinated));
    details.put("suspect_posts", Long.toString(suspect));
    details.put("distinct_authors", Integer.toString(authors()));
    details.put("negative_posts", Long.toString(negative));
    details.put("reach", Long.toString(reach));
    details.put("positive_posts", Long.toString(positive));
    details.put("neutral_posts", Long.toString(posts - negative - positive));
    List<SamplePost> quoted = new ArrayList<>(samples.size());
    List<String> keys = new ArrayList<>(samples.size());
    for (Sample sample : samples) {
      keys.add(sample.key());
      quoted.add(
          SamplePost.newBuilder()
              .setKey(sample.key())
              .setTextExcerpt(sample.text())
              .setCreatedAt(Instant.ofEpochMilli(sample.at()))
              .setAuthorHandle(sample.handle())
              .setUrl(sample.url())
              .build());
    }
    return Evidence.newBuilder()
        .setTopTerms(topTerms(10, ownTerm))
        .setSamplePostIds(keys)
        .setSamplePosts(quoted)
        .setClusterIds(clusters.top(SMALL))
        .setWatchRuleIds(rules.top(SMALL))
        .setDetails(details)
        .build();
  }

  public void write(DataOutput out) throws IOException {
    out.writeLong(firstPostAt);
    out.writeLong(lastPostAt);
    out.writeLong(posts);
    out.writeLong(coordinated);
    out.writeLong(suspect);
    out.writeLong(negative);
    out.writeLong(positive);
    out.writeLong(reach);
    byte[] authorBytes = authors.toBytes();
    out.writeShort(authorBytes.length);
    out.write(authorBytes);
    terms.write(out);
    rules.write(out);
    clusters.write(out);
    out.writeByte(samples.size());
    for (Sample sample : samples) {
      out.writeUTF(sample.key());
      out.writeUTF(sample.text());
      out.writeLong(sample.at());
      writeNullable(out, sample.handle());
      writeNullable(out, sample.url());
      out.writeUTF(sample.cluster());
      out.writeLong(sample.followers());
    }
  }

  public static EvidenceCollector read(DataInput in) throws IOException {
    EvidenceCollector collector = new EvidenceCollector();
    collector.firstPostAt = in.readLong();
    collector.lastPostAt = in.readLong();
    collector.posts = in.readLong();
    collector.coordinated = in.readLong();
    collector.suspect = in.readLong();
    collector.negative = in.readLong();
    collector.positive = in.readLong();
    collector.reach = in.readLong();
    byte[] authorBytes = new byte[in.readShort()];
    in.readFully(authorBytes);
    collector.authors = AuthorCount.fromBytes(authorBytes);
    collector.terms = TopTerms.read(TERMS, in);
    collector.rules = TopTerms.read(SMALL, in);
    collector.clusters = TopTerms.read(SMALL, in);
    int samples = in.readByte();
    for (int i = 0; i < samples; i++) {
      collector.samples.add(
          new Sample(
              in.readUTF(),
              in.readUTF(),
              in.readLong(),
              readNullable(in),
              readNullable(in),
              in.readUTF(),
              in.readLong()));
    }
    return collector;
  }

  static void writeNullable(DataOutput out, String value) throws IOException {
    out.writeBoolean(value != null);
    if (value != null) {
      out.writeUTF(value);
    }
  }

  static String readNullable(DataInput in) throws IOException {
    return in.readBoolean() ? in.readUTF() : null;
  }
}
