package io.vigie.schema;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Records as the pipeline really carries them, taken from the CrisisLex Boston sample. */
public final class Fixtures {

  public static final Instant POSTED = Instant.parse("2013-04-15T18:55:12Z");

  private Fixtures() {}

  public static Post bostonPost() {
    return Post.newBuilder()
        .setSource("twitter")
        .setId("323869587231453184")
        .setAuthor(
            Author.newBuilder()
                .setHandle("runner42")
                .setFollowers(312L)
                .setCreatedAt(Instant.parse("2011-02-03T10:00:00Z"))
                .build())
        .setText("Smoke after blast near marathon finish line #BostonMarathon")
        .setLangHint("en")
        .setCreatedAt(POSTED)
        .setIngestedAt(POSTED.plusSeconds(2))
        .setGeo(GeoPoint.newBuilder().setLat(42.3496).setLon(-71.0784).build())
        .setEngagement(Engagement.newBuilder().setReposts(17L).build())
        .setAttributes(Map.of("crisislex.label", "on-topic"))
        .build();
  }

  public static EnrichedPost enriched() {
    return EnrichedPost.newBuilder()
        .setPost(bostonPost())
        .setEnrichedAt(POSTED.plusSeconds(3))
        .setLanguage("en")
        .setLanguageConfidence(0.98f)
        .setTokens(List.of("smoke", "blast", "marathon", "finish", "line"))
        .setHashtags(List.of("bostonmarathon"))
        .setSentimentScore(-0.6f)
        .setSentiment(SentimentLabel.NEGATIVE)
        .setCrisisTerms(List.of("blast"))
        .build();
  }

  public static Signal spike() {
    return Signal.newBuilder()
        .setId("SPIKE|term:blast|2013-04-15T18:55:00Z")
        .setKind(SignalKind.SPIKE)
        .setSubjectKey("term:blast")
        .setWindowStart(Instant.parse("2013-04-15T18:55:00Z"))
        .setWindowEnd(Instant.parse("2013-04-15T19:00:00Z"))
        .setObserved(14)
        .setExpected(0.3)
        .setScore(9.2)
        .setDetectedAt(POSTED.plusSeconds(40))
        .setEvidence(
            Evidence.newBuilder()
                .setTopTerms(List.of("marathon", "finish"))
                .setSamplePostIds(List.of("twitter:323869587231453184"))
                .setDetails(Map.of("distinct_authors", "12"))
                .build())
        .build();
  }

  public static Alert alert() {
    Signal spike = spike();
    return Alert.newBuilder()
        .setId("incident-1")
        .setVersion(1)
        .setStatus(AlertStatus.OPEN)
        .setSeverity(Severity.HIGH)
        .setKind(SignalKind.SPIKE)
        .setSubjectKeys(List.of("term:blast"))
        .setTitle("Spike: blast")
        .setSummary("14 posts about 'blast' in 5 minutes, 0.3 expected.")
        .setExplanation(
            Explanation.newBuilder()
                .setObserved(spike.getObserved())
                .setExpected(spike.getExpected())
                .setScore(spike.getScore())
                .setBaseline("EWMA over 7 days")
                .setEvidence(spike.getEvidence())
                .setDetectionLatencyMs(40_000L)
                .build())
        .setSamplePosts(
            List.of(
                SamplePost.newBuilder()
                    .setKey("twitter:323869587231453184")
                    .setTextExcerpt("Smoke after blast near marathon finish line")
                    .setCreatedAt(POSTED)
                    .build()))
        .setFirstSeen(POSTED)
        .setLastSeen(POSTED.plusSeconds(30))
        .setUpdatedAt(POSTED.plusSeconds(40))
        .build();
  }

  public static WatchRule watchRule() {
    return WatchRule.newBuilder()
        .setId("boston")
        .setName("Boston marathon")
        .setQuery("(marathon OR #bostonmarathon) AND (blast OR explosion)")
        .setLanguages(List.of("en", "fr"))
        .setUpdatedAt(POSTED)
        .build();
  }

  public static DeadLetter deadLetter() {
    return DeadLetter.newBuilder()
        .setStage("streams.intake")
        .setSourceTopic("vigie.posts.raw")
        .setSourcePartition(3)
        .setSourceOffset(42L)
        .setErrorClass("AvroDecodingException")
        .setErrorMessage("Post: unknown schema fingerprint")
        .setOriginalValue(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3}))
        .setFailedAt(POSTED)
        .build();
  }
}
