package io.vigie.ingest.generate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigie.ingest.json.PostJson;
import io.vigie.schema.Post;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ScenarioGeneratorTest {

  private static final Instant MONDAY = Instant.parse("2026-01-05T00:00:00Z");
  private final List<Scenario> planted =
      List.of(
          Scenario.parse("crisis@6h:Villeurbanne:fr"),
          Scenario.parse("bad-buzz@9h:Brioche Dorée:fr"),
          Scenario.parse("astroturf@12h:NovaPhone X:en"));

  private ScenarioGenerator.Generated generate(long seed) {
    return new ScenarioGenerator(seed, MONDAY, Duration.ofHours(16), 10).generate(planted);
  }

  private static List<Post> of(ScenarioGenerator.Generated generated, String label) {
    return generated.posts().stream()
        .filter(p -> label.equals(p.getAttributes().get(ScenarioGenerator.SCENARIO_ATTRIBUTE)))
        .toList();
  }

  @Test
  void shouldBeDeterministicForASeed() {
    assertThat(generate(7).posts()).isEqualTo(generate(7).posts());
    assertThat(generate(7).posts()).isNotEqualTo(generate(8).posts());
  }

  @Test
  void shouldFollowTheRequestedRateWithADailyCycleInBothLanguages() {
    List<Post> background =
        generate(1).posts().stream()
            .filter(p -> !p.getAttributes().containsKey(ScenarioGenerator.SCENARIO_ATTRIBUTE))
            .toList();

    assertThat(background.size()).isBetween((int) (16 * 60 * 10 * 0.8), (int) (16 * 60 * 10 * 1.2));
    long at4 =
        background.stream()
            .filter(p -> p.getCreatedAt().atZone(java.time.ZoneOffset.UTC).getHour() == 4)
            .count();
    long at15 =
        background.stream()
            .filter(p -> p.getCreatedAt().atZone(java.time.ZoneOffset.UTC).getHour() == 15)
            .count();
    assertThat(at15).isGreaterThan(2 * at4);
    assertThat(background).extracting(Post::getLangHint).contains("fr", "en");
    assertThat(generate(1).posts())
        .isSortedAccordingTo(java.util.Comparator.comparing(Post::getCreatedAt));
  }

  @Test
  void shouldPlantACrisisThatStartsWithFewWitnessesAndSpreadsToManyAuthors() {
    ScenarioGenerator.Generated generated = generate(3);
    List<Post> crisis = of(generated, "crisis@360m:Villeurbanne");
    Instant onset = MONDAY.plus(Duration.ofHours(6));

    Set<String> early =
        crisis.stream()
            .filter(p -> p.getCreatedAt().isBefore(onset.plus(Duration.ofMinutes(8))))
            .map(p -> p.getAuthor().getId())
            .collect(Collectors.toSet());
    Set<String> later =
        crisis.stream()
            .filter(p -> p.getCreatedAt().isAfter(onset.plus(Duration.ofMinutes(20))))
            .map(p -> p.getAuthor().getId())
            .collect(Collectors.toSet());
    assertThat(early).hasSizeLessThanOrEqualTo(3);
    assertThat(later).hasSizeGreaterThan(100);
    assertThat(crisis)
        .allSatisfy(p -> assertThat(p.getText()).containsIgnoringCase("villeurbanne"));
    ScenarioGenerator.GroundTruth truth = generated.truth().get(0);
    assertThat(truth.kind()).isEqualTo(Scenario.Kind.CRISIS);
    assertThat(truth.firstPostId()).isEqualTo(crisis.get(0).getId());
    assertThat(truth.expectedSignal()).isEqualTo("SPIKE");
  }

  @Test
  void shouldPlantABadBuzzWithOnePostResharedByManyDistinctAuthors() {
    List<Post> buzz = of(generate(4), "bad-buzz@540m:Brioche Dorée");
    List<Post> reshares = buzz.stream().filter(p -> p.getRepostOfId() != null).toList();

    assertThat(reshares).hasSizeGreaterThan(300);
    assertThat(reshares.stream().map(Post::getRepostOfId).distinct()).hasSize(1);
    Post original =
        buzz.stream()
            .filter(p -> p.getId().equals(reshares.get(0).getRepostOfId()))
            .findFirst()
            .orElseThrow();
    assertThat(original.getAuthor().getFollowers()).isGreaterThan(10_000L);
    assertThat(reshares.stream().map(p -> p.getAuthor().getId()).distinct().count())
        .isGreaterThan(200);
  }

  @Test
  void shouldPlantAnAstroturfBurstFromNewAccountsWithNearIdenticalText() {
    List<Post> burst = of(generate(5), "astroturf@720m:NovaPhone X");

    assertThat(burst).hasSize(40);
    assertThat(burst)
        .allSatisfy(
            p -> {
              assertThat(Duration.between(p.getAuthor().getCreatedAt(), p.getCreatedAt()))
                  .isLessThan(Duration.ofDays(3));
              assertThat(p.getAuthor().getFollowers()).isLessThan(12L);
              assertThat(p.getText()).contains("NovaPhone X").contains("100%");
            });
    assertThat(Duration.between(burst.get(0).getCreatedAt(), burst.get(39).getCreatedAt()))
        .isLessThan(Duration.ofMinutes(12));
  }

  @Test
  void shouldWriteJsonThatReadsBackToTheSamePost() throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    for (Post post : generate(6).posts().subList(0, 200)) {
      assertThat(PostJson.parse(PostJson.toJson(post, mapper), post.getIngestedAt(), "x"))
          .isEqualTo(post);
    }
  }

  @Test
  void shouldParseScenarioSpecifications() {
    assertThat(Scenario.parse("astroturf@90m"))
        .isEqualTo(
            new Scenario(Scenario.Kind.ASTROTURF, Duration.ofMinutes(90), "NovaPhone X", "fr"));
    assertThat(Scenario.parse("bad_buzz@PT2H:Acme:en").language()).isEqualTo("en");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Scenario.parse("flood@1h"))
        .hasMessageContaining("crisis, bad-buzz, astroturf or emerging");
    assertThat(Scenario.parse("emerging@64h").subject()).isEqualTo("Tarifgate");
  }

  @Test
  void shouldPlantAStoryThatGrowsForHoursBeforeItBursts() {
    List<Post> story =
        new ScenarioGenerator(8, MONDAY, Duration.ofHours(12), 5)
            .generate(List.of(Scenario.parse("emerging@2h"))).posts().stream()
                .filter(p -> p.getAttributes().containsKey(ScenarioGenerator.SCENARIO_ATTRIBUTE))
                .toList();
    Instant onset = MONDAY.plus(Duration.ofHours(2));

    assertThat(story).allSatisfy(p -> assertThat(p.getText()).contains("Tarifgate"));
    long firstTwoHours = count(story, onset, onset.plus(Duration.ofHours(2)));
    long lastTwoHours =
        count(story, onset.plus(Duration.ofHours(4)), onset.plus(Duration.ofHours(6)));
    long burst = count(story, onset.plus(Duration.ofHours(6)), onset.plus(Duration.ofHours(7)));
    assertThat(firstTwoHours).isBetween(1L, 15L); // a couple of posts an hour
    assertThat(lastTwoHours).isGreaterThan(firstTwoHours);
    assertThat(burst).isGreaterThan(300);
    assertThat(story.stream().map(Post::getText).distinct().count())
        .isGreaterThan(story.size() / 4);
  }

  private static long count(List<Post> posts, Instant from, Instant to) {
    return posts.stream()
        .filter(p -> !p.getCreatedAt().isBefore(from) && p.getCreatedAt().isBefore(to))
        .count();
  }
}
