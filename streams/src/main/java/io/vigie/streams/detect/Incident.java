package io.vigie.streams.detect;

import io.vigie.schema.Alert;
import io.vigie.schema.AlertStatus;
import io.vigie.schema.IncidentSplit;
import io.vigie.schema.SamplePost;
import io.vigie.schema.Signal;
import io.vigie.schema.SignalKind;
import io.vigie.schema.serde.AvroSerde;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One incident being assembled: the signals merged into it so far, and its latest {@link Alert}
 * version. The alert is what people see; the rest is what merging and resolving need.
 */
final class Incident {

  final String id;
  Alert alert;
  final Set<String> subjects = new LinkedHashSet<>();
  final Set<String> rules = new LinkedHashSet<>();
  final Set<String> terms = new LinkedHashSet<>();
  final Set<String> clusters = new LinkedHashSet<>();

  /**
   * Watch rules that speak for the incident's signals, which a newcomer may join through: the rules
   * its signals are about, and for other signals the rule their posts matched most.
   */
  final Set<String> leadRules = new LinkedHashSet<>();

  /**
   * Per term or hashtag subject, its usual share of original posts when it last signalled: a term
   * links signals only when it is not common.
   */
  final Map<String, Double> termShares = new LinkedHashMap<>();

  /** Per subject, the most posts above its expectation a signal on it reported (what pages). */
  final Map<String, Double> excess = new LinkedHashMap<>();

  /** Signal ids of episodes still open (spikes, sentiment shifts), to know when it is over. */
  final Set<String> openEpisodes = new LinkedHashSet<>();

  final Set<SignalKind> kinds = new LinkedHashSet<>();
  final Map<String, SamplePost> samples = new LinkedHashMap<>();

  /** Event time of the latest signal merged. */
  long lastSignalAt;

  /** The strongest signal so far, whose figures the explanation quotes. */
  Signal main;

  /**
   * Per subject merged, the largest volume a signal on it reported: posts, and how many of them
   * were coordinated copies. Later figures of an episode only grow, so the largest is the latest.
   */
  final Map<String, long[]> volumes = new LinkedHashMap<>();

  /**
   * Posts of the largest spike merged, and how many of them were suspect (copies, new accounts).
   */
  long largestSpikePosts;

  long largestSpikeSuspect;

  Incident(String id) {
    this.id = id;
  }

  /**
   * Adds what one signal says of its subject's volume. A coordination signal's posts are all
   * coordinated (that is its finding, whatever the per-post flags said when the first copies came);
   * for the others, the posts flagged coordinated.
   */
  void addVolume(String subject, SignalKind kind, long posts, long coordinated) {
    long copies = kind == SignalKind.COORDINATION ? posts : Math.min(coordinated, posts);
    long[] volume = volumes.computeIfAbsent(subject, s -> new long[2]);
    volume[0] = Math.max(volume[0], posts);
    volume[1] = Math.max(volume[1], copies);
  }

  /**
   * The incident's posts, organic and coordinated, from its subjects' volumes without counting a
   * post twice. Subjects see different posts: words and hashtags see only a near-duplicate
   * cluster's first post, a cluster sees its copies, and everything, crisis vocabulary and watch
   * rules see both. So words and hashtags overlap each other (the largest speaks for them),
   * clusters are disjoint from each other and from them (they add up), and the broad subjects cover
   * both (the incident is at least as large as the largest of them).
   */
  IncidentSplit split() {
    long broadPosts = 0;
    long broadCoordinated = 0;
    long wordPosts = 0;
    long wordCoordinated = 0;
    long clusterPosts = 0;
    long clusterCoordinated = 0;
    for (Map.Entry<String, long[]> entry : volumes.entrySet()) {
      long posts = entry.getValue()[0];
      long coordinated = entry.getValue()[1];
      switch (SubjectState.Kind.of(entry.getKey())) {
        case GLOBAL, CRISIS, RULE -> {
          broadPosts = Math.max(broadPosts, posts);
          broadCoordinated = Math.max(broadCoordinated, coordinated);
        }
        case TERM, HASHTAG -> {
          wordPosts = Math.max(wordPosts, posts);
          wordCoordinated = Math.max(wordCoordinated, coordinated);
        }
        case CLUSTER -> {
          clusterPosts += posts;
          clusterCoordinated += coordinated;
        }
      }
    }
    long posts = Math.max(broadPosts, wordPosts + clusterPosts);
    long coordinated = Math.max(broadCoordinated, wordCoordinated + clusterCoordinated);
    return new IncidentSplit(posts, Math.min(coordinated, posts));
  }

  boolean closed() {
    return alert.getStatus() == AlertStatus.RESOLVED
        || alert.getStatus() == AlertStatus.FALSE_POSITIVE;
  }

  byte[] toBytes(AvroSerde<Alert> alerts, AvroSerde<Signal> signals) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(2048);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeUTF(id);
      writeBytes(out, alerts.serializer().serialize(null, alert));
      writeBytes(out, signals.serializer().serialize(null, main));
      writeStrings(out, subjects);
      writeStrings(out, rules);
      writeStrings(out, terms);
      writeStrings(out, clusters);
      writeStrings(out, openEpisodes);
      writeStrings(out, kinds.stream().map(Enum::name).toList());
      out.writeLong(lastSignalAt);
      // Where totals were kept before per-subject volumes: kept so that the layout stays readable.
      IncidentSplit split = split();
      out.writeLong(split.coordinated());
      out.writeLong(split.organic());
      out.writeLong(largestSpikePosts);
      out.writeLong(largestSpikeSuspect);
      out.writeShort(volumes.size());
      for (Map.Entry<String, long[]> volume : volumes.entrySet()) {
        out.writeUTF(volume.getKey());
        out.writeLong(volume.getValue()[0]);
        out.writeLong(volume.getValue()[1]);
      }
      // Added with joining through specific subjects and paging on effect size.
      writeStrings(out, leadRules);
      writeNumbers(out, termShares);
      writeNumbers(out, excess);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static Incident fromBytes(byte[] bytes, AvroSerde<Alert> alerts, AvroSerde<Signal> signals) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      Incident incident = new Incident(in.readUTF());
      incident.alert = alerts.deserializer().deserialize(null, readBytes(in));
      incident.main = signals.deserializer().deserialize(null, readBytes(in));
      incident.subjects.addAll(readStrings(in));
      incident.rules.addAll(readStrings(in));
      incident.terms.addAll(readStrings(in));
      incident.clusters.addAll(readStrings(in));
      incident.openEpisodes.addAll(readStrings(in));
      for (String kind : readStrings(in)) {
        incident.kinds.add(SignalKind.valueOf(kind));
      }
      incident.lastSignalAt = in.readLong();
      in.readLong(); // totals of the older layout: volumes below replace them
      in.readLong();
      incident.largestSpikePosts = in.readLong();
      incident.largestSpikeSuspect = in.readLong();
      // Incidents saved before volumes were kept have none: their split starts from the next
      // signal.
      if (in.available() > 0) {
        int size = in.readShort();
        for (int i = 0; i < size; i++) {
          incident.volumes.put(in.readUTF(), new long[] {in.readLong(), in.readLong()});
        }
      }
      // Incidents saved before these were kept: their rules and terms link again from the next
      // signal, and they page as their next signal says.
      if (in.available() > 0) {
        incident.leadRules.addAll(readStrings(in));
        incident.termShares.putAll(readNumbers(in));
        incident.excess.putAll(readNumbers(in));
      }
      for (SamplePost sample : incident.alert.getSamplePosts()) {
        incident.samples.put(sample.getKey(), sample);
      }
      return incident;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  private static byte[] readBytes(DataInputStream in) throws IOException {
    byte[] bytes = new byte[in.readInt()];
    in.readFully(bytes);
    return bytes;
  }

  private static void writeStrings(DataOutputStream out, Collection<String> values)
      throws IOException {
    out.writeShort(values.size());
    for (String value : values) {
      out.writeUTF(value);
    }
  }

  private static void writeNumbers(DataOutputStream out, Map<String, Double> values)
      throws IOException {
    out.writeShort(values.size());
    for (Map.Entry<String, Double> value : values.entrySet()) {
      out.writeUTF(value.getKey());
      out.writeDouble(value.getValue());
    }
  }

  private static Map<String, Double> readNumbers(DataInputStream in) throws IOException {
    int size = in.readShort();
    Map<String, Double> values = new LinkedHashMap<>();
    for (int i = 0; i < size; i++) {
      values.put(in.readUTF(), in.readDouble());
    }
    return values;
  }

  private static List<String> readStrings(DataInputStream in) throws IOException {
    int size = in.readShort();
    List<String> values = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      values.add(in.readUTF());
    }
    return values;
  }
}
