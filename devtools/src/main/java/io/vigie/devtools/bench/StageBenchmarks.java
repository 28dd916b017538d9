package io.vigie.devtools.bench;

import io.vigie.devtools.BundledDatasets;
import io.vigie.ingest.generate.ScenarioGenerator;
import io.vigie.ingest.replay.CrisisLexCsv;
import io.vigie.schema.EnrichedPost;
import io.vigie.schema.Observation;
import io.vigie.schema.Post;
import io.vigie.schema.WatchRule;
import io.vigie.schema.serde.AvroSerde;
import io.vigie.streams.dedup.MinHash;
import io.vigie.streams.dedup.TextNormalizer;
import io.vigie.streams.detect.DetectionSettings;
import io.vigie.streams.detect.Observations;
import io.vigie.streams.detect.SubjectDetection;
import io.vigie.streams.detect.SubjectDetector;
import io.vigie.streams.detect.SubjectState;
import io.vigie.streams.enrich.Entities;
import io.vigie.streams.enrich.LanguageIdentifier;
import io.vigie.streams.enrich.PostEnricher;
import io.vigie.streams.enrich.SentimentModel;
import io.vigie.streams.enrich.TextAnalysis;
import io.vigie.streams.watch.PostView;
import io.vigie.streams.watch.WatchRuleSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The cost of each per-post stage of deduplication and enrichment, in microseconds per post, on
 * real text: CrisisLex tweets (English) and generated French and English chatter, in turn. Run by
 * {@code vigie bench stages}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class StageBenchmarks {

  private List<Post> posts;
  private List<PostView> views;
  private List<String> languages;
  private int next;

  /**
   * Posts between two of {@link #detectPost}'s state writes: what a 250 ms commit interval holds at
   * 2,000 posts/s, below the pipeline bench's 3,000-4,000 (a subject's task sees all its posts).
   */
  private static final int POSTS_PER_COMMIT = 500;

  private int sinceCommit;
  private final MinHash minHash = MinHash.defaults();
  private TextAnalysis analysis;
  private Entities entities;
  private LanguageIdentifier languageIdentifier;
  private SentimentModel sentiment;
  private List<List<String>> emojis;
  private List<String> plains;
  private List<Boolean> links;
  private WatchRuleSet rules;
  private PostEnricher enricher;
  private final AvroSerde<EnrichedPost> enrichedSerde = AvroSerde.of(EnrichedPost.class);
  private List<EnrichedPost> enriched;
  private List<byte[]> encoded;
  private List<List<Observation>> observations;
  private Observations observer;
  private SubjectDetection detection;
  private SubjectDetector detector;
  private List<List<SubjectState>> stateObjects;
  private long eventTime;

  @Setup(Level.Trial)
  public void load() throws Exception {
    posts = new ArrayList<>();
    for (var row : BundledDatasets.BOSTON_BOMBINGS.read().rows().subList(0, 2_000)) {
      posts.add(CrisisLexCsv.toPost(row, Instant.parse("2026-11-22T00:00:00Z")));
    }
    posts.addAll(
        new ScenarioGenerator(7, Instant.parse("2026-11-22T00:00:00Z"), Duration.ofMinutes(10), 200)
            .generate(List.of())
            .posts());
    Collections.shuffle(posts, new Random(7));
    analysis = new TextAnalysis();
    entities = new Entities();
    languageIdentifier = LanguageIdentifier.european();
    sentiment = SentimentModel.bundled(analysis);
    enricher = new PostEnricher(languageIdentifier, analysis);
    List<WatchRule> watched = new ArrayList<>();
    String[] terms = {
      "explosion",
      "incendie",
      "inondation",
      "boycott",
      "arnaque",
      "grève",
      "flood",
      "fire",
      "bomb",
      "attack"
    };
    for (int i = 0; i < 50; i++) {
      String term = terms[i % terms.length];
      watched.add(
          WatchRule.newBuilder()
              .setId("rule-" + i)
              .setName("rule " + i)
              .setQuery(
                  "("
                      + term
                      + " OR \""
                      + term
                      + " "
                      + terms[(i + 3) % terms.length]
                      + "\") -test"
                      + i)
              .setEnabled(true)
              .setUpdatedAt(Instant.EPOCH)
              .build());
    }
    rules = WatchRuleSet.of(watched, analysis::fold);
    views = new ArrayList<>();
    languages = new ArrayList<>();
    emojis = new ArrayList<>();
    plains = new ArrayList<>();
    links = new ArrayList<>();
    for (Post post : posts) {
      var found = entities.find(post.getText());
      emojis.add(found.emojis());
      plains.add(TextAnalysis.wordsOnly(post.getText()));
      links.add(!found.urls().isEmpty());
      String language =
          languageIdentifier
              .detect(TextAnalysis.wordsOnly(post.getText()))
              .map(LanguageIdentifier.Detection::language)
              .orElse(null);
      languages.add(language);
      views.add(
          new PostView(
              analysis.words(post.getText()), found.hashtags(), found.mentions(), null, language));
    }
    enriched = new ArrayList<>();
    encoded = new ArrayList<>();
    observations = new ArrayList<>();
    observer = Observations.of(DetectionSettings.defaults(), analysis);
    for (Post post : posts) {
      EnrichedPost one =
          enricher.enrich(
              EnrichedPost.newBuilder().setPost(post).setEnrichedAt(Instant.EPOCH).build(),
              Instant.EPOCH,
              rules);
      enriched.add(one);
      encoded.add(enrichedSerde.encode(one));
      observations.add(observer.of(one));
    }
    eventTime = Instant.parse("2026-11-22T00:00:00Z").toEpochMilli();
    detector = new SubjectDetector(DetectionSettings.defaults());
    SubjectDetection.InMemoryStates states = new SubjectDetection.InMemoryStates();
    detection = new SubjectDetection(detector, states, SubjectDetection.Drops.NONE);
    // One pass over every post, so that the states written below are those of a running stream.
    for (int i = 0; i < posts.size(); i++) {
      detectPost();
    }
    detection.flush();
    stateObjects = new ArrayList<>();
    for (List<Observation> of : observations) {
      List<SubjectState> one = new ArrayList<>();
      for (Observation observation : of) {
        byte[] bytes = states.get(observation.getSubject());
        if (bytes != null) {
          one.add(detector.read(observation.getSubject(), bytes));
        }
      }
      stateObjects.add(one);
    }
  }

  private int cursor() {
    int at = next;
    next = (next + 1) % posts.size();
    return at;
  }

  @Benchmark
  public long normalizeAndHash() {
    String normalized = TextNormalizer.normalize(posts.get(cursor()).getText());
    return MinHash.exactHash(normalized) ^ minHash.bandKeys(minHash.signature(normalized))[0];
  }

  @Benchmark
  public Object tokenize() {
    int i = cursor();
    return analysis.tokens(posts.get(i).getText(), languages.get(i));
  }

  @Benchmark
  public Object entities() {
    return entities.find(posts.get(cursor()).getText());
  }

  @Benchmark
  public Object language() {
    return languageIdentifier.detect(TextAnalysis.wordsOnly(posts.get(cursor()).getText()));
  }

  /**
   * The classifier alone: the enricher has the text without links and mentions, the words, the
   * emojis and the links already (see language, tokenize, entities).
   */
  @Benchmark
  public Object sentiment() {
    int i = cursor();
    return sentiment.classify(
        plains.get(i), links.get(i), views.get(i).words(), emojis.get(i), languages.get(i));
  }

  @Benchmark
  public Object watchlist50Rules() {
    return rules.matching(views.get(cursor()));
  }

  @Benchmark
  public byte[] avroEncodeEnriched() {
    return enrichedSerde.encode(enriched.get(cursor()));
  }

  @Benchmark
  public Object avroDecodeEnriched() {
    return enrichedSerde.decode(encoded.get(cursor()));
  }

  /** One enriched post to its observations: one per subject it concerns. */
  @Benchmark
  public Object observationsOfPost() {
    return observer.of(enriched.get(cursor()));
  }

  /**
   * The detectors over every observation of one post (global, crisis, rules, hashtags, terms):
   * state read, sketch and baseline updates, and the changed states written once every {@value
   * #POSTS_PER_COMMIT} posts, as the detection processor writes them before each commit. A post
   * every 250 ms of event time, so that buckets close and baselines learn as they would.
   */
  @Benchmark
  public int detectPost() {
    List<Observation> of = observations.get(cursor());
    eventTime += 250;
    int signals = 0;
    for (Observation observation : of) {
      observation.put("event_time", Instant.ofEpochMilli(eventTime));
      signals += detection.observe(observation, eventTime).size();
    }
    if (++sinceCommit == POSTS_PER_COMMIT) {
      sinceCommit = 0;
      detection.flush();
    }
    return signals;
  }

  /**
   * What writing every changed state at each post would cost: every state one post's observations
   * change, serialised for the store (what the detection processor did before it wrote them once
   * per commit).
   */
  @Benchmark
  public int detectorStateWrites() {
    int bytes = 0;
    for (SubjectState state : stateObjects.get(cursor())) {
      bytes += detector.write(state).length;
    }
    return bytes;
  }

  @Benchmark
  public Object enrichWhole() {
    Post post = posts.get(cursor());
    return enricher.enrich(
        EnrichedPost.newBuilder().setPost(post).setEnrichedAt(Instant.EPOCH).build(),
        Instant.EPOCH,
        rules);
  }
}
