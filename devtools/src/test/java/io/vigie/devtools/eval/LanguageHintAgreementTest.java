package io.vigie.devtools.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigie.ingest.bluesky.JetstreamEvents;
import io.vigie.ingest.generate.ScenarioGenerator;
import io.vigie.ingest.mastodon.MastodonStatuses;
import io.vigie.schema.Post;
import io.vigie.streams.enrich.LanguageIdentifier;
import io.vigie.streams.enrich.TextAnalysis;
import io.vigie.streams.enrich.TrustedLanguageSources;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * How often each source's {@code lang_hint} agrees with {@link LanguageIdentifier} on the samples
 * bundled with Vigie, the measurement behind {@link TrustedLanguageSources#MEASURED} (recorded in
 * docs/enrichment.md). Feeds and CrisisLex replays carry no hint, so they have nothing to measure.
 */
class LanguageHintAgreementTest {

  private static final LanguageIdentifier DETECTOR = LanguageIdentifier.european();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-11-22T00:00:00Z");

  /** Fewer hinted samples than this measure nothing, whatever they agree on. */
  private static final int ENOUGH_SAMPLES = 100;

  private record Agreement(int hinted, int detected, int agreeing) {
    double share() {
      return detected == 0 ? 0 : (double) agreeing / detected;
    }
  }

  private static Agreement agreement(List<Post> posts) {
    int hinted = 0;
    int detected = 0;
    int agreeing = 0;
    for (Post post : posts) {
      if (post.getLangHint() == null) {
        continue;
      }
      hinted++;
      Optional<LanguageIdentifier.Detection> detection =
          DETECTOR.detect(TextAnalysis.wordsOnly(post.getText()).replace('#', ' '));
      if (detection.isPresent()) {
        detected++;
        if (post.getLangHint().toLowerCase(Locale.ROOT).startsWith(detection.get().language())) {
          agreeing++;
        }
      }
    }
    return new Agreement(hinted, detected, agreeing);
  }

  private static List<Post> generated() {
    return new ScenarioGenerator(7, NOW, Duration.ofMinutes(10), 200).generate(List.of()).posts();
  }

  private static List<Post> mastodon() throws Exception {
    // The ingest module's fixture: the only Mastodon status bundled with Vigie.
    Path status = Path.of("..", "ingest", "src", "test", "resources", "io/vigie/ingest/mastodon");
    return List.of(
        MastodonStatuses.toPost(
            JSON.readTree(status.resolve("status.json").toFile()), "piaille.fr", NOW));
  }

  private static List<Post> bluesky() throws Exception {
    // The text and langs of the ingest module's only Jetstream fixture (JetstreamEventsTest).
    String event =
        "{\"did\":\"did:plc:eygmaihciaxprqvxpfvl6flk\",\"time_us\":1725911162329308,"
            + "\"kind\":\"commit\",\"commit\":{\"rev\":\"3l3qo2vutsw2b\",\"operation\":\"create\","
            + "\"collection\":\"app.bsky.feed.post\",\"rkey\":\"3l3qo2vuowo2b\",\"record\":{"
            + "\"$type\":\"app.bsky.feed.post\",\"createdAt\":\"2024-09-09T19:46:02.102Z\","
            + "\"langs\":[\"en\"],\"text\":\"Flooding on the river road, avoid it\"},"
            + "\"cid\":\"bafyreidwaivazkwu67xztlmuobx35hs2lnfh3kolmgfmucldvhd3sgzcqi\"}}";
    return List.of(JetstreamEvents.toPost(JSON.readTree(event), NOW).orElseThrow());
  }

  @Test
  void shouldFindTheGeneratorsHintsAgreeingWithTheDetectorOnEveryPost() {
    Agreement generator = agreement(generated());

    assertThat(generator.hinted()).isEqualTo(1_406);
    assertThat(generator.detected()).isEqualTo(1_406);
    assertThat(generator.share()).isEqualTo(1.0);
  }

  @Test
  void shouldFindOneHintedSampleOfMastodonAndOfBlueskyOnly() throws Exception {
    assertThat(agreement(mastodon())).isEqualTo(new Agreement(1, 1, 1));
    assertThat(agreement(bluesky())).isEqualTo(new Agreement(1, 1, 1));
  }

  @Test
  void shouldTrustNoSourceWithTooFewSamplesToMeasure() throws Exception {
    assertThat(agreement(mastodon()).hinted()).isLessThan(ENOUGH_SAMPLES);
    assertThat(agreement(bluesky()).hinted()).isLessThan(ENOUGH_SAMPLES);

    assertThat(TrustedLanguageSources.MEASURED.sources())
        .doesNotContain(MastodonStatuses.SOURCE, JetstreamEvents.SOURCE);
  }

  @Test
  void shouldNotTrustTheGeneratorWhoseHintIsNoDetection() {
    assertThat(TrustedLanguageSources.MEASURED.sources()).doesNotContain(ScenarioGenerator.SOURCE);
  }
}
