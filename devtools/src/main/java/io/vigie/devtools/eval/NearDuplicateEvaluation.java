package io.vigie.devtools.eval;

import io.vigie.streams.dedup.InMemoryClusters;
import io.vigie.streams.dedup.NearDuplicateClusters;
import io.vigie.streams.dedup.TextNormalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How well {@link NearDuplicateClusters} clusters real posts, on CrisisLex T6 tweets in time order.
 *
 * <ul>
 *   <li><b>Recall</b> on manual retweets, the data's natural ground truth: a tweet {@code RT @user:
 *       text} whose text (cut at a trailing ellipsis, as Twitter truncated long retweets) starts an
 *       earlier tweet of the file that is not itself a retweet must land in that tweet's cluster.
 *   <li><b>Precision</b>: every post that joined a cluster it did not open is checked against the
 *       opener with a criterion independent of the shingles: at least 80% of the shorter text's
 *       words (three letters or more) appear in the other. This is a proxy, not a human judgement.
 * </ul>
 */
public final class NearDuplicateEvaluation {

  /** A tweet, in time order. */
  public record Tweet(String id, String text) {}

  /** The figures, with their counts. */
  public record Result(
      int tweets,
      int clusteredTweets,
      int retweetsWithOriginal,
      int retweetsFound,
      int checkedMembers,
      int confirmedMembers) {
    public double recall() {
      return retweetsWithOriginal == 0 ? Double.NaN : (double) retweetsFound / retweetsWithOriginal;
    }

    public double precision() {
      return checkedMembers == 0 ? Double.NaN : (double) confirmedMembers / checkedMembers;
    }
  }

  private static final Pattern RETWEET =
      Pattern.compile("^\\s*RT\\s*@[\\p{L}\\p{N}_]+\\s*:\\s*", Pattern.CASE_INSENSITIVE);
  private static final Pattern WORD = Pattern.compile("\\p{L}{3,}");

  public Result evaluate(List<Tweet> tweets, NearDuplicateClusters clusters) {
    InMemoryClusters memory = new InMemoryClusters();
    Map<String, String> clusterOf = new HashMap<>();
    Map<String, String> textOf = new HashMap<>();
    Map<String, String> originalsByNormalized = new HashMap<>();
    List<String> originalNormalized = new ArrayList<>();
    List<String> originalIds = new ArrayList<>();
    int retweetsWithOriginal = 0;
    int retweetsFound = 0;
    int checked = 0;
    int confirmed = 0;
    int clustered = 0;
    long time = 0;
    for (Tweet tweet : tweets) {
      String normalized = TextNormalizer.normalize(tweet.text());
      boolean retweet = RETWEET.matcher(tweet.text()).find();
      // Ground truth first, from what came before.
      String original = null;
      if (retweet) {
        String quoted = RETWEET.matcher(tweet.text()).replaceFirst("");
        boolean truncated = quoted.endsWith("…") || quoted.endsWith("...");
        String body = TextNormalizer.normalize(truncated ? dropLastWord(quoted) : quoted);
        if (body.length() >= 20) {
          original = originalsByNormalized.get(body);
          if (original == null && truncated) {
            for (int i = originalNormalized.size() - 1; i >= 0; i--) {
              if (originalNormalized.get(i).startsWith(body)) {
                original = originalIds.get(i);
                break;
              }
            }
          }
        }
      }
      NearDuplicateClusters.Assignment assignment =
          clusters.assign(tweet.id(), tweet.id(), normalized, time++, memory);
      clusterOf.put(tweet.id(), assignment.clusterId());
      textOf.put(tweet.id(), tweet.text());
      if (original != null) {
        retweetsWithOriginal++;
        if (assignment.clusterId().equals(clusterOf.get(original))) {
          retweetsFound++;
        }
      }
      if (!assignment.opener()) {
        clustered++;
        checked++;
        if (sameWords(tweet.text(), textOf.get(assignment.clusterId()))) {
          confirmed++;
        }
      }
      if (!retweet && normalized.length() >= 20) {
        originalsByNormalized.putIfAbsent(normalized, tweet.id());
        originalNormalized.add(normalized);
        originalIds.add(tweet.id());
      }
    }
    return new Result(
        tweets.size(), clustered, retweetsWithOriginal, retweetsFound, checked, confirmed);
  }

  private static String dropLastWord(String text) {
    String cut = text.replaceAll("(…|\\.\\.\\.)$", "").strip();
    int space = cut.lastIndexOf(' ');
    return space > 0 ? cut.substring(0, space) : cut;
  }

  static boolean sameWords(String a, String b) {
    Set<String> left = words(RETWEET.matcher(a).replaceFirst(""));
    Set<String> right = words(RETWEET.matcher(b).replaceFirst(""));
    Set<String> shorter = left.size() <= right.size() ? left : right;
    Set<String> longer = shorter == left ? right : left;
    if (shorter.isEmpty()) {
      return false;
    }
    long shared = shorter.stream().filter(longer::contains).count();
    return shared >= 0.8 * shorter.size();
  }

  private static Set<String> words(String text) {
    Set<String> words = new HashSet<>();
    var matcher =
        WORD.matcher(
            text.replaceAll("(?:https?://|www\\.)\\S+", " ")
                .replaceAll("@\\w+", " ")
                .toLowerCase(Locale.ROOT));
    while (matcher.find()) {
      words.add(matcher.group());
    }
    return words;
  }
}
