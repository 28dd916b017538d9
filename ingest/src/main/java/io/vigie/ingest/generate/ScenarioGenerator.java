package io.vigie.ingest.generate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigie.schema.Author;
import io.vigie.schema.Post;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Realistic generated traffic, deterministic for a seed: French and English background chatter from
 * a population of authors (follower counts and account ages drawn from heavy-tailed distributions),
 * with a daily cycle, plus planted {@link Scenario}s. Every planted episode's first post and the
 * signal a detector should raise are reported in {@link GroundTruth}, so that detection is judged
 * on author-based evidence the CrisisLex data lacks.
 */
public final class ScenarioGenerator {

  /** What was planted, for judging detectors. */
  public record GroundTruth(
      Scenario.Kind kind,
      String subject,
      String language,
      String firstPostId,
      Instant firstPostAt,
      String expectedSignal,
      int posts) {

    /** One line of the ground-truth file. */
    public ObjectNode toJson(ObjectMapper mapper) {
      return mapper
          .createObjectNode()
          .put("scenario", kind.name().toLowerCase(Locale.ROOT).replace('_', '-'))
          .put("subject", subject)
          .put("language", language)
          .put("first_post_key", SOURCE + ":" + firstPostId)
          .put("first_post_at", firstPostAt.toString())
          .put("expected_signal", expectedSignal)
          .put("posts", posts);
    }
  }

  /** Generated posts in event-time order, and what was planted in them. */
  public record Generated(List<Post> posts, List<GroundTruth> truth) {}

  public static final String SOURCE = "generator";
  public static final String SCENARIO_ATTRIBUTE = "generator.scenario";

  private final long seed;
  private final Instant start;
  private final Duration duration;
  private final double postsPerMinute;

  public ScenarioGenerator(long seed, Instant start, Duration duration, double postsPerMinute) {
    this.seed = seed;
    this.start = start;
    this.duration = duration;
    this.postsPerMinute = postsPerMinute;
  }

  /** Generates the traffic; the same seed and arguments give the same posts. Not thread-safe. */
  public synchronized Generated generate(List<Scenario> scenarios) {
    sequence = 0;
    SplittableRandom random = new SplittableRandom(seed);
    Authors authors = new Authors(random.split(), 3000, start);
    List<Draft> drafts = new ArrayList<>(background(random.split(), authors));
    List<GroundTruth> truth = new ArrayList<>();
    for (Scenario scenario : scenarios) {
      List<Draft> planted =
          switch (scenario.kind()) {
            case CRISIS -> crisis(random.split(), authors, scenario);
            case BAD_BUZZ -> badBuzz(random.split(), authors, scenario);
            case ASTROTURF -> astroturf(random.split(), scenario);
            case EMERGING -> emerging(random.split(), authors, scenario);
          };
      drafts.addAll(planted);
    }
    drafts.sort(Comparator.comparing(Draft::at).thenComparing(Draft::sequence));
    List<Post> posts = new ArrayList<>(drafts.size());
    Map<Draft, String> ids = new IdentityHashMap<>();
    for (int i = 0; i < drafts.size(); i++) {
      ids.put(drafts.get(i), "g" + seed + "-" + i);
    }
    for (Draft draft : drafts) {
      Post.Builder post =
          Post.newBuilder()
              .setSource(SOURCE)
              .setId(ids.get(draft))
              .setAuthor(draft.author())
              .setText(draft.text())
              .setLangHint(draft.language())
              .setCreatedAt(draft.at())
              .setIngestedAt(draft.at())
              .setAttributes(
                  draft.scenario() == null
                      ? Map.of()
                      : Map.of(SCENARIO_ATTRIBUTE, draft.scenario().label()));
      if (draft.repostOf() != null) {
        post.setRepostOfId(ids.get(draft.repostOf()));
      }
      posts.add(post.build());
    }
    for (Scenario scenario : scenarios) {
      List<Post> its =
          posts.stream()
              .filter(p -> scenario.label().equals(p.getAttributes().get(SCENARIO_ATTRIBUTE)))
              .toList();
      if (!its.isEmpty()) {
        truth.add(
            new GroundTruth(
                scenario.kind(),
                scenario.subject(),
                scenario.language(),
                its.get(0).getId(),
                its.get(0).getCreatedAt(),
                scenario.kind().expectedSignal(),
                its.size()));
      }
    }
    return new Generated(posts, truth);
  }

  private record Draft(
      Instant at,
      long sequence,
      Author author,
      String text,
      String language,
      Scenario scenario,
      Draft repostOf) {}

  private long sequence;

  private Draft draft(
      Instant at, Author author, String text, String language, Scenario scenario, Draft repostOf) {
    return new Draft(at, sequence++, author, text, language, scenario, repostOf);
  }

  /** Chatter whose rate follows the hour of day: quiet at 4 a.m., busiest in the evening. */
  private List<Draft> background(SplittableRandom random, Authors authors) {
    List<Draft> drafts = new ArrayList<>();
    long minutes = duration.toMinutes();
    for (long m = 0; m < minutes; m++) {
      Instant minute = start.plus(Duration.ofMinutes(m));
      double hour =
          minute.atZone(ZoneOffset.UTC).getHour()
              + minute.atZone(ZoneOffset.UTC).getMinute() / 60.0;
      double daily = 1 + 0.6 * Math.sin((hour - 10) / 24 * 2 * Math.PI);
      int count = poisson(random, postsPerMinute * daily);
      for (int i = 0; i < count; i++) {
        Instant at = minute.plusMillis(random.nextLong(60_000));
        boolean french = random.nextDouble() < 0.55;
        drafts.add(
            draft(
                at,
                authors.pick(random),
                Texts.chatter(random, french),
                french ? "fr" : "en",
                null,
                null));
      }
    }
    return drafts;
  }

  /** A few witnesses first, then many authors, the rate rising over an hour, then fading. */
  private List<Draft> crisis(SplittableRandom random, Authors authors, Scenario scenario) {
    List<Draft> drafts = new ArrayList<>();
    boolean french = scenario.language().equals("fr");
    List<Author> witnesses =
        List.of(authors.pick(random), authors.pick(random), authors.pick(random));
    Instant onset = start.plus(scenario.offset());
    double[][] phases = {{0, 8, 0.6}, {8, 20, 4}, {20, 60, 15}, {60, 120, 6}};
    for (double[] phase : phases) {
      for (long s = (long) (phase[0] * 60); s < phase[1] * 60; s++) {
        if (random.nextDouble() < phase[2] / 60.0) {
          Author author =
              phase[0] == 0
                  ? witnesses.get(random.nextInt(witnesses.size()))
                  : authors.pick(random);
          drafts.add(
              draft(
                  onset.plusSeconds(s).plusMillis(random.nextLong(1000)),
                  author,
                  Texts.crisis(random, french, scenario.subject()),
                  scenario.language(),
                  scenario,
                  null));
        }
      }
    }
    return drafts;
  }

  /** Complaints about a brand gathering pace, and one post reshared by hundreds. */
  private List<Draft> badBuzz(SplittableRandom random, Authors authors, Scenario scenario) {
    List<Draft> drafts = new ArrayList<>();
    boolean french = scenario.language().equals("fr");
    Instant onset = start.plus(scenario.offset());
    Author influencer =
        Author.newBuilder()
            .setId("infl-" + scenario.subject().hashCode())
            .setHandle("temoin_" + Math.abs(scenario.subject().hashCode() % 1000))
            .setFollowers(48_000L)
            .setCreatedAt(start.minus(Duration.ofDays(2900)))
            .build();
    Draft original =
        draft(
            onset.plusSeconds(30),
            influencer,
            Texts.viral(french, scenario.subject()),
            scenario.language(),
            scenario,
            null);
    drafts.add(original);
    for (long s = 0; s < 90 * 60; s++) {
      double minute = s / 60.0;
      double complaints = Math.min(12, 0.5 + minute / 4);
      if (random.nextDouble() < complaints / 60.0) {
        drafts.add(
            draft(
                onset.plusSeconds(s),
                authors.pick(random),
                Texts.complaint(random, french, scenario.subject()),
                scenario.language(),
                scenario,
                null));
      }
      double reshares = minute < 2 ? 0 : Math.min(40, 2 * (minute - 2));
      if (random.nextDouble() < reshares / 60.0) {
        drafts.add(
            draft(
                onset.plusSeconds(s).plusMillis(500),
                authors.pick(random),
                "RT @" + influencer.getHandle() + ": " + original.text(),
                scenario.language(),
                scenario,
                original));
      }
    }
    return drafts;
  }

  /**
   * A story that grows before it breaks: a new word from two authors an hour at first, growing
   * tenfold over six hours, then fifteen posts a minute for half an hour when the press picks it
   * up. Weak signals should see it hours before the burst.
   */
  private List<Draft> emerging(SplittableRandom random, Authors authors, Scenario scenario) {
    List<Draft> drafts = new ArrayList<>();
    boolean french = scenario.language().equals("fr");
    Instant onset = start.plus(scenario.offset());
    for (long s = 0; s < 6.5 * 3600; s++) {
      double hours = s / 3600.0;
      double perHour = hours < 6 ? 2 * Math.pow(10, hours / 6) : 15 * 60;
      if (random.nextDouble() < perHour / 3600.0) {
        drafts.add(
            draft(
                onset.plusSeconds(s).plusMillis(random.nextLong(1000)),
                authors.pick(random),
                Texts.emerging(random, french, scenario.subject()),
                scenario.language(),
                scenario,
                null));
      }
    }
    return drafts;
  }

  /** Forty new, follower-less accounts posting the same praise within minutes. */
  private List<Draft> astroturf(SplittableRandom random, Scenario scenario) {
    List<Draft> drafts = new ArrayList<>();
    boolean french = scenario.language().equals("fr");
    Instant onset = start.plus(scenario.offset());
    Instant at = onset;
    for (int i = 0; i < 40; i++) {
      Author sockPuppet =
          Author.newBuilder()
              .setId("new-" + scenario.subject().hashCode() + "-" + i)
              .setHandle(Texts.puppetHandle(random))
              .setFollowers((long) random.nextInt(12))
              .setCreatedAt(onset.minus(Duration.ofHours(2 + random.nextInt(70))))
              .build();
      at = at.plusMillis(2_000 + random.nextLong(14_000));
      drafts.add(
          draft(
              at,
              sockPuppet,
              Texts.praise(random, french, scenario.subject()),
              scenario.language(),
              scenario,
              null));
    }
    return drafts;
  }

  private static int poisson(SplittableRandom random, double mean) {
    double limit = Math.exp(-mean);
    double product = random.nextDouble();
    int count = 0;
    while (product > limit) {
      product *= random.nextDouble();
      count++;
    }
    return count;
  }

  /** The background population: heavy-tailed follower counts, accounts one to twelve years old. */
  private static final class Authors {
    private final List<Author> pool = new ArrayList<>();

    Authors(SplittableRandom random, int size, Instant now) {
      for (int i = 0; i < size; i++) {
        long followers = Math.round(Math.exp(4.5 + 1.6 * gaussian(random)));
        pool.add(
            Author.newBuilder()
                .setId("a" + i)
                .setHandle(Texts.handle(random, i))
                .setFollowers(followers)
                .setCreatedAt(now.minus(Duration.ofDays(365 + random.nextInt(11 * 365))))
                .build());
      }
    }

    Author pick(SplittableRandom random) {
      return pool.get(random.nextInt(pool.size()));
    }

    private static double gaussian(SplittableRandom random) {
      return Math.sqrt(-2 * Math.log(1 - random.nextDouble()))
          * Math.cos(2 * Math.PI * random.nextDouble());
    }
  }
}
