package io.vigie.streams.detect;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.vigie.schema.Alert;
import io.vigie.schema.AlertAction;
import io.vigie.schema.EnrichedPost;
import io.vigie.schema.IncidentEvent;
import io.vigie.schema.Observation;
import io.vigie.schema.Signal;
import io.vigie.schema.Topic;
import io.vigie.schema.VigieTopics;
import io.vigie.schema.serde.AvroSerde;
import io.vigie.streams.StageMeters;
import io.vigie.streams.enrich.TextAnalysis;
import java.time.Duration;
import java.util.List;
import java.util.function.BiConsumer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Enriched posts to signals to alerts. In the application, detection takes the enriched, clustered
 * posts in clustering's task ({@link #build(StreamsBuilder, KStream, int)}); it reads the
 * enriched-posts topic only when it runs alone ({@link #build(StreamsBuilder)}).
 *
 * <ol>
 *   <li>Each enriched post becomes one {@link Observation} per subject it concerns ({@link
 *       Observations}), repartitioned by subject ({@code detect-by-subject}), so that every post
 *       about a subject meets that subject's state on one task, whatever the number of instances.
 *   <li>{@link SubjectDetection} runs the detectors; subject states live in the {@value
 *       #SUBJECTS_STORE} key-value store (bounded: quiet subjects are forgotten), written once per
 *       commit from the states in memory ({@link BeforeCommitHook}). When input goes silent, a
 *       wall-clock punctuation moves event time on at the wall clock's pace, so that episodes end
 *       and incidents resolve after the last post. Signals go to the signals topic.
 *   <li>Signals and people's actions (the alert-actions topic) meet on one partition ({@code
 *       detect-incidents}), where {@link IncidentAssembler} merges them into incidents kept in the
 *       {@value #INCIDENTS_STORE} store; every version goes to the alerts topic, keyed by incident.
 *       This is the only writer of incidents' versions; the alerts topic has one other writer,
 *       Vigie's watchdog ({@code vigie alerts}), whose operational alerts use ids of their own
 *       ({@code ops-}, never {@value IncidentAssembler#ID_PREFIX}) and an idempotent producer.
 * </ol>
 *
 * <p>Baselines learned from history ({@code vigie watch seed}) arrive on the compacted
 * detection-seeds topic, read as a global table: a subject seen for the first time starts from its
 * seed instead of cold.
 */
public final class DetectionTopology {

  public static final String SUBJECTS_STORE = "detect-subjects";

  /** Writes the subject states a task changed to {@link #SUBJECTS_STORE} before each commit. */
  static final String SUBJECTS_COMMIT_HOOK = "detect-subjects-commit-hook";

  static final String INCIDENTS_STORE = "detect-incidents";
  static final String SEEDS_STORE = "detect-seeds";

  /** Every signal and action goes to incident assembly under this one key. */
  static final String INCIDENTS_KEY = "incidents";

  /** Input silent for this long (wall clock) lets event time run on. */
  static final Duration IDLE_AFTER = Duration.ofSeconds(30);

  private static final Duration IDLE_CHECK = Duration.ofSeconds(5);
  private static final Duration EVICTION = Duration.ofMinutes(10);

  private final VigieTopics topics;
  private final DetectionSettings settings;
  private final TextAnalysis analysis;
  private final StageMeters meters;

  /**
   * The wall clock, for silence and {@code detected_at}, is the stream task's own ({@code
   * currentSystemTimeMs}), so that tests drive it with the topology test driver.
   */
  public DetectionTopology(
      VigieTopics topics, DetectionSettings settings, TextAnalysis analysis, StageMeters meters) {
    this.topics = topics;
    this.settings = settings;
    this.analysis = analysis;
    this.meters = meters;
  }

  /** The repartition topic observations travel through, for lag checks. */
  public static String subjectsRepartitionTopic(String applicationId) {
    return applicationId + "-detect-by-subject-repartition";
  }

  /** The repartition topic signals and actions travel through to incident assembly. */
  public static String incidentsRepartitionTopic(String applicationId) {
    return applicationId + "-detect-incidents-repartition";
  }

  /**
   * Detection alone, reading the enriched-posts topic (as a benchmark of detection does); its
   * subject repartition has as many partitions as that topic.
   */
  public void build(StreamsBuilder builder) {
    Topic<String, EnrichedPost> enriched = topics.enrichedPosts();
    build(
        builder,
        builder.stream(
            enriched.name(),
            Consumed.with(enriched.keySerde(), enriched.valueSerde())
                .withName("detect-enriched-in")),
        Repartitioned.with(Serdes.String(), AvroSerde.of(Observation.class)));
  }

  /**
   * Detection of {@code enriched}, enriched and clustered posts in the same task: observations go
   * straight to the subject repartition, of {@code subjectPartitions} partitions (as many as the
   * enriched-posts topic has, which it was read from before: Kafka Streams would otherwise size it
   * after deduplication's clustering stage, often one partition).
   */
  public void build(
      StreamsBuilder builder, KStream<String, EnrichedPost> enriched, int subjectPartitions) {
    build(
        builder,
        enriched,
        Repartitioned.with(Serdes.String(), AvroSerde.of(Observation.class))
            .withNumberOfPartitions(subjectPartitions));
  }

  private void build(
      StreamsBuilder builder,
      KStream<String, EnrichedPost> enriched,
      Repartitioned<String, Observation> bySubject) {
    Topic<String, Signal> signalsTopic = topics.signals();
    Topic<String, Alert> alerts = topics.alerts();
    Topic<String, AlertAction> actions = topics.alertActions();
    Topic<String, byte[]> seeds = topics.detectionSeeds();
    builder.globalTable(
        seeds.name(),
        Consumed.with(seeds.keySerde(), seeds.valueSerde()).withName("detection-seeds-in"),
        Materialized.<String, byte[], KeyValueStore<Bytes, byte[]>>as(SEEDS_STORE)
            .withKeySerde(seeds.keySerde())
            .withValueSerde(seeds.valueSerde()));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(SUBJECTS_STORE), Serdes.String(), Serdes.ByteArray()));
    builder.addStateStore(BeforeCommitHook.builder(SUBJECTS_COMMIT_HOOK));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(INCIDENTS_STORE), Serdes.String(), Serdes.ByteArray()));
    KStream<String, Signal> signals =
        enriched
            .process(
                () -> new Observe(Observations.of(settings, analysis), meters), Named.as("observe"))
            .repartition(bySubject.withName("detect-by-subject"))
            .process(
                () -> new DetectSubjects(new SubjectDetector(settings), meters),
                Named.as("detect-subjects"),
                SUBJECTS_STORE,
                SUBJECTS_COMMIT_HOOK);
    signals.to(
        signalsTopic.name(),
        Produced.with(signalsTopic.keySerde(), signalsTopic.valueSerde()).withName("signals-out"));
    KStream<String, IncidentEvent> fromSignals =
        signals.map(
            (subject, signal) ->
                KeyValue.pair(INCIDENTS_KEY, IncidentEvent.newBuilder().setSignal(signal).build()),
            Named.as("signal-to-incident"));
    KStream<String, IncidentEvent> fromActions =
        builder.stream(
                actions.name(),
                Consumed.with(actions.keySerde(), actions.valueSerde())
                    .withName("alert-actions-in"))
            .filter((id, action) -> action != null, Named.as("alert-actions-present"))
            .map(
                (id, action) ->
                    KeyValue.pair(
                        INCIDENTS_KEY, IncidentEvent.newBuilder().setAction(action).build()),
                Named.as("action-to-incident"));
    fromSignals
        .merge(fromActions, Named.as("incident-events"))
        .repartition(
            Repartitioned.with(Serdes.String(), AvroSerde.of(IncidentEvent.class))
                .withName("detect-incidents")
                .withNumberOfPartitions(1))
        .process(
            () -> new AssembleIncidents(settings.incidents(), meters),
            Named.as("assemble-incidents"),
            INCIDENTS_STORE)
        .to(
            alerts.name(),
            Produced.with(alerts.keySerde(), alerts.valueSerde()).withName("alerts-out"));
  }

  /** One enriched post to its observations, keyed by subject. */
  private static final class Observe
      implements Processor<String, EnrichedPost, String, Observation> {
    private final Counter in;
    private final Observations observations;
    private ProcessorContext<String, Observation> context;

    Observe(Observations observations, StageMeters meters) {
      this.in = meters.posts("detect", "in");
      this.observations = observations;
    }

    @Override
    public void init(ProcessorContext<String, Observation> context) {
      this.context = context;
    }

    @Override
    public void process(Record<String, EnrichedPost> record) {
      in.increment();
      for (Observation observation : observations.of(record.value())) {
        context.forward(
            new Record<>(
                observation.getSubject(),
                observation,
                observation.getEventTime().toEpochMilli(),
                record.headers()));
      }
    }
  }

  /** The detectors over the subjects of one task. */
  private static final class DetectSubjects
      implements Processor<String, Observation, String, Signal> {
    private static final String DROPPED =
        "Posts detection did not count: later than the grace period, or too far ahead";
    private final Counter late;
    private final Counter ahead;
    private final StageMeters meters;
    private final SubjectDetector detector;
    private ProcessorContext<String, Signal> context;
    private SubjectDetection detection;
    private long lastInput;
    private long watermarkAtLastInput;

    DetectSubjects(SubjectDetector detector, StageMeters meters) {
      this.late = meters.counter("vigie.streams.detect.dropped", DROPPED, "reason", "late");
      this.ahead = meters.counter("vigie.streams.detect.dropped", DROPPED, "reason", "ahead");
      this.meters = meters;
      this.detector = detector;
    }

    @Override
    public void init(ProcessorContext<String, Signal> context) {
      this.context = context;
      KeyValueStore<String, byte[]> store = context.getStateStore(SUBJECTS_STORE);
      KeyValueStore<String, ValueAndTimestamp<byte[]>> seeds = context.getStateStore(SEEDS_STORE);
      this.detection =
          new SubjectDetection(
              detector,
              new StoreStates(store),
              subject -> {
                ValueAndTimestamp<byte[]> seed = seeds.get(subject);
                return seed == null ? null : seed.value();
              },
              new SubjectDetection.Drops() {
                @Override
                public void late() {
                  late.increment();
                }

                @Override
                public void ahead() {
                  ahead.increment();
                }
              });
      BeforeCommitHook hook = context.getStateStore(SUBJECTS_COMMIT_HOOK);
      hook.register(detection::flush, detection::discardUnsaved);
      this.lastInput = context.currentSystemTimeMs();
      context.schedule(IDLE_CHECK, PunctuationType.WALL_CLOCK_TIME, this::idle);
      context.schedule(EVICTION, PunctuationType.WALL_CLOCK_TIME, now -> detection.evict());
    }

    @Override
    public void process(Record<String, Observation> record) {
      long now = context.currentSystemTimeMs();
      emit(detection.observe(record.value(), now));
      lastInput = now;
      watermarkAtLastInput = detection.watermark();
    }

    /** Input silent for a while: event time runs on at the wall clock's pace. */
    private void idle(long now) {
      long silent = now - lastInput;
      if (silent >= IDLE_AFTER.toMillis() && watermarkAtLastInput > 0) {
        emit(detection.idle(watermarkAtLastInput + silent, now));
      }
    }

    private void emit(List<Signal> signals) {
      for (Signal signal : signals) {
        meters
            .counter(
                "vigie.streams.signals",
                "Signals the detectors emitted, by kind and phase",
                "kind",
                signal.getKind().name(),
                "phase",
                signal.getPhase().name())
            .increment();
        context.forward(
            new Record<>(
                signal.getSubjectKey(), signal, Math.max(0, SignalDetails.triggeredAt(signal))));
      }
    }
  }

  /** Incident assembly on its single partition. */
  private static final class AssembleIncidents
      implements Processor<String, IncidentEvent, String, Alert> {
    private final Timer latency;
    private final StageMeters meters;
    private final IncidentAssembler assembler;
    private ProcessorContext<String, Alert> context;
    private KeyValueStore<String, byte[]> store;
    private long eventTime = Long.MIN_VALUE;
    private long lastInput;
    private long eventTimeAtLastInput = Long.MIN_VALUE;

    AssembleIncidents(DetectionSettings.Incidents settings, StageMeters meters) {
      this.latency =
          Timer.builder("vigie.streams.alerts.detection-latency")
              .description("From an incident's first post to its first alert, in event time")
              .publishPercentileHistogram()
              .register(meters.registry());
      this.meters = meters;
      this.assembler = new IncidentAssembler(settings);
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
      this.context = context;
      this.store = context.getStateStore(INCIDENTS_STORE);
      try (KeyValueIterator<String, byte[]> all = store.all()) {
        all.forEachRemaining(entry -> assembler.restore(entry.value));
      }
      this.lastInput = context.currentSystemTimeMs();
      context.schedule(IDLE_CHECK, PunctuationType.WALL_CLOCK_TIME, this::idle);
    }

    @Override
    public void process(Record<String, IncidentEvent> record) {
      long now = context.currentSystemTimeMs();
      IncidentEvent event = record.value();
      if (event.getSignal() != null) {
        eventTime = Math.max(eventTime, SignalDetails.triggeredAt(event.getSignal()));
        emit(assembler.onSignal(event.getSignal(), now));
        emit(assembler.advance(eventTime, now));
      } else if (event.getAction() != null) {
        emit(assembler.onAction(event.getAction(), now));
      }
      lastInput = now;
      eventTimeAtLastInput = eventTime;
    }

    private void idle(long now) {
      long silent = now - lastInput;
      if (silent >= IDLE_AFTER.toMillis() && eventTimeAtLastInput != Long.MIN_VALUE) {
        eventTime = Math.max(eventTime, eventTimeAtLastInput + silent);
        emit(assembler.advance(eventTime, now));
      }
    }

    private void emit(List<Alert> alerts) {
      for (String id : assembler.forgotten()) {
        store.delete(id);
      }
      for (Alert alert : alerts) {
        byte[] saved = assembler.snapshot(List.of(alert.getId())).get(alert.getId());
        if (saved == null) {
          store.delete(alert.getId());
        } else {
          store.put(alert.getId(), saved);
        }
        meters
            .counter(
                "vigie.streams.alerts",
                "Alert versions written to the alerts topic, by kind, severity and status",
                "kind",
                alert.getKind().name(),
                "severity",
                alert.getSeverity().name(),
                "status",
                alert.getStatus().name())
            .increment();
        if (alert.getVersion() == 1 && alert.getExplanation().getDetectionLatencyMs() != null) {
          latency.record(Duration.ofMillis(alert.getExplanation().getDetectionLatencyMs()));
        }
        context.forward(new Record<>(alert.getId(), alert, alert.getUpdatedAt().toEpochMilli()));
      }
    }
  }

  /** Subject states in the task's key-value store. */
  private record StoreStates(KeyValueStore<String, byte[]> store)
      implements SubjectDetection.States {
    @Override
    public byte[] get(String subject) {
      return store.get(subject);
    }

    @Override
    public void put(String subject, byte[] state) {
      store.put(subject, state);
    }

    @Override
    public void delete(String subject) {
      store.delete(subject);
    }

    @Override
    public void forEach(BiConsumer<String, byte[]> action) {
      try (KeyValueIterator<String, byte[]> all = store.all()) {
        all.forEachRemaining(entry -> action.accept(entry.key, entry.value));
      }
    }
  }
}
