package io.vigie.streams.detect;

import io.vigie.schema.EnrichedPost;
import io.vigie.schema.Observation;
import io.vigie.schema.Post;
import io.vigie.schema.SentimentLabel;
import io.vigie.schema.SubjectKey;
import io.vigie.schema.VigieTopics;
import io.vigie.streams.dedup.PostClustering;
import io.vigie.streams.enrich.TextAnalysis;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What one enriched post tells each subject it concerns: everything ({@code global}), crisis
 * vocabulary ({@code crisis}), each watch rule it matched, each hashtag, each of its words, and its
 * near-duplicate cluster once the cluster has a second member. Not thread-safe: it counts the
 * original posts it sees, one instance per stream task.
 *
 * <p>Reposts and near-duplicate copies are counted once where emergence is judged: only a cluster's
 * first post speaks for its words and hashtags. A copy in a cluster already posted by {@code
 * coordinatedAccounts} distinct accounts within an hour of its opening is flagged as coordinated,
 * so that volume detectors report it apart from organic volume instead of counting it.
 */
public final class Observations {

  static final int TEXT_EXCERPT = 280;
  private static final int MAX_WORDS = 24;

  private final int coordinatedAccounts;
  private final long youngCluster;
  private final long newAccountAge;
  private final Predicate<String> stopWord;
  private final long emergenceWindow;
  private long windowStart = Long.MIN_VALUE;
  private long windowVolume;

  /**
   * @param coordinatedAccounts distinct accounts from which copies count as coordinated
   * @param youngCluster how recently a cluster must have opened for its copies to count as
   *     coordinated: a text repeated steadily for days by many accounts is a meme, not a campaign
   * @param newAccountAge accounts younger than this when they post are new
   * @param stopWord words that say nothing of a topic, left out of terms
   * @param emergenceWindow the window original posts are counted in, for terms' shares
   */
  public Observations(
      int coordinatedAccounts,
      Duration youngCluster,
      Duration newAccountAge,
      Predicate<String> stopWord,
      Duration emergenceWindow) {
    this.coordinatedAccounts = coordinatedAccounts;
    this.youngCluster = youngCluster.toMillis();
    this.newAccountAge = newAccountAge.toMillis();
    this.stopWord = stopWord;
    this.emergenceWindow = emergenceWindow.toMillis();
  }

  public static Observations of(DetectionSettings settings, TextAnalysis analysis) {
    return new Observations(
        settings.coordination().minAccounts(),
        settings.coordination().window().multipliedBy(4),
        settings.coordination().newAccountAge(),
        analysis::isStopWord,
        settings.emergence().window());
  }

  public List<Observation> of(EnrichedPost enriched) {
    Post post = enriched.getPost();
    Set<String> words = new LinkedHashSet<>();
    for (String word : enriched.getWords()) {
      if (word.length() >= 3 && isWord(word) && !stopWord.test(word) && words.size() < MAX_WORDS) {
        words.add(word);
      }
    }
    Set<String> hashtags = new LinkedHashSet<>();
    for (String tag : enriched.getHashtags()) {
      hashtags.add(tag.toLowerCase(Locale.ROOT));
    }
    List<String> cooccurring = new ArrayList<>(words);
    for (String tag : hashtags) {
      cooccurring.add("#" + tag);
    }
    boolean copy = enriched.getRepost() || !enriched.getClusterOpener();
    long time = post.getCreatedAt().toEpochMilli();
    Instant accountCreated = post.getAuthor() == null ? null : post.getAuthor().getCreatedAt();
    boolean newAccount =
        accountCreated != null && time - accountCreated.toEpochMilli() < newAccountAge;
    boolean knownOld = accountCreated != null && !newAccount;
    boolean coordinated =
        !knownOld
            && !enriched.getRepost()
            && !enriched.getClusterOpener()
            && enriched.getClusterAuthors() >= coordinatedAccounts
            && enriched.getClusterOpenedAt() != null
            && time - enriched.getClusterOpenedAt().toEpochMilli() <= youngCluster;
    boolean crisis = !enriched.getCrisisTerms().isEmpty();
    countOriginal(post.getCreatedAt().toEpochMilli(), copy);
    String text = post.getText();
    String key = VigieTopics.postKey(post.getSource(), post.getId());
    Observation.Builder template =
        Observation.newBuilder()
            .setSubject(SubjectKey.GLOBAL)
            .setPostKey(key)
            .setEventTime(post.getCreatedAt())
            .setAuthor(PostClustering.author(post, key))
            .setAuthorHandle(post.getAuthor() == null ? null : post.getAuthor().getHandle())
            .setAccountCreatedAt(post.getAuthor() == null ? null : post.getAuthor().getCreatedAt())
            .setFollowers(post.getAuthor() == null ? null : post.getAuthor().getFollowers())
            .setNewAccount(newAccount)
            .setText(text.length() > TEXT_EXCERPT ? text.substring(0, TEXT_EXCERPT) : text)
            .setUrl(post.getUrl())
            .setWords(cooccurring)
            .setSentiment(sentiment(enriched.getSentiment()))
            .setClusterId(enriched.getClusterId())
            .setClusterOpenedAt(enriched.getClusterOpenedAt())
            .setClusterOpener(enriched.getClusterOpener())
            .setRepost(enriched.getRepost())
            .setCoordinated(coordinated)
            .setCrisis(crisis)
            .setWatchRuleIds(enriched.getWatchRuleIds())
            .setWindowStart(Instant.ofEpochMilli(Math.max(0, windowStart)))
            .setWindowVolume(windowVolume);
    Observation global = template.build();
    List<Observation> out = new ArrayList<>(4 + words.size() + hashtags.size());
    out.add(global);
    if (crisis) {
      out.add(about(global, SubjectKey.CRISIS));
    }
    for (String rule : enriched.getWatchRuleIds()) {
      out.add(about(global, SubjectKey.rule(rule)));
    }
    if (!copy) {
      for (String tag : hashtags) {
        out.add(about(global, SubjectKey.hashtag(tag)));
      }
      for (String word : words) {
        out.add(about(global, SubjectKey.term(word)));
      }
    }
    if (enriched.getClusterId() != null && enriched.getClusterSize() >= 2) {
      out.add(about(global, SubjectKey.cluster(enriched.getClusterId())));
    }
    return out;
  }

  /**
   * Counts original posts in the current emergence window (by event time; a late post counts in the
   * current window): what a term's count is a share of. Per instance, so per stream task: the
   * factor between a task's count and the whole stream's is the same in every window and cancels
   * out of a term's growth.
   */
  private void countOriginal(long time, boolean copy) {
    long start = Math.floorDiv(time, emergenceWindow) * emergenceWindow;
    if (start > windowStart) {
      windowStart = start;
      windowVolume = 0;
    }
    if (!copy) {
      windowVolume++;
    }
  }

  private static Observation about(Observation global, String subject) {
    return Observation.newBuilder(global).setSubject(subject).build();
  }

  private static int sentiment(SentimentLabel label) {
    return switch (label) {
      case NEGATIVE -> -1;
      case POSITIVE -> 1;
      default -> 0;
    };
  }

  /** Letters, with apostrophes, hyphens and underscores between them: no numbers, no prices. */
  private static boolean isWord(String word) {
    for (int i = 0; i < word.length(); i++) {
      char c = word.charAt(i);
      if (!Character.isLetter(c) && c != '\'' && c != '-' && c != '_') {
        return false;
      }
    }
    return true;
  }
}
