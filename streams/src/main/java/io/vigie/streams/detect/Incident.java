package io.vigie.streams.detect;

import io.vigie.schema.Alert;
import io.vigie.schema.AlertStatus;
import io.vigie.schema.SamplePost;
import io.vigie.schema.Signal;
import io.vigie.schema.SignalKind;
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

  /** Signal ids of episodes still open (spikes, sentiment shifts), to know when it is over. */
  final Set<String> openEpisodes = new LinkedHashSet<>();

  final Set<SignalKind> kinds = new LinkedHashSet<>();
  final Map<String, SamplePost> samples = new LinkedHashMap<>();

  /** Event time of the latest signal merged. */
  long lastSignalAt;

  /** The strongest signal so far, whose figures the explanation quotes. */
  Signal main;

  long coordinatedPosts;
  long organicPosts;

  /**
   * Posts of the largest spike merged, and how many of them were suspect (copies, new accounts).
   */
  long largestSpikePosts;

  long largestSpikeSuspect;

  Incident(String id) {
    this.id = id;
  }

  boolean closed() {
    return alert.getStatus() == AlertStatus.RESOLVED
        || alert.getStatus() == AlertStatus.FALSE_POSITIVE;
  }

  byte[] toBytes(
      io.vigie.schema.serde.AvroSerde<Alert> alerts,
      io.vigie.schema.serde.AvroSerde<Signal> signals) {
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
      out.writeLong(coordinatedPosts);
      out.writeLong(organicPosts);
      out.writeLong(largestSpikePosts);
      out.writeLong(largestSpikeSuspect);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static Incident fromBytes(
      byte[] bytes,
      io.vigie.schema.serde.AvroSerde<Alert> alerts,
      io.vigie.schema.serde.AvroSerde<Signal> signals) {
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
      incident.coordinatedPosts = in.readLong();
      incident.organicPosts = in.readLong();
      incident.largestSpikePosts = in.readLong();
      incident.largestSpikeSuspect = in.readLong();
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

  private static List<String> readStrings(DataInputStream in) throws IOException {
    int size = in.readShort();
    List<String> values = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      values.add(in.readUTF());
    }
    return values;
  }
}
