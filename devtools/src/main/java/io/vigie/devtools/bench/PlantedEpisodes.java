package io.vigie.devtools.bench;

import io.vigie.schema.Alert;
import io.vigie.schema.Author;
import io.vigie.schema.Post;
import io.vigie.schema.SamplePost;
import io.vigie.schema.SubjectKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Planted episodes whose alerts are known in advance: a dozen authors post a new hashtag within six
 * seconds, each in words of their own, for the live benchmark and the fault-injection suite.
 */
public final class PlantedEpisodes {

  public static final int POSTS = 12;

  /**
   * Words a witness's post is drawn from. Each post picks its own, so that no two posts, in one
   * episode or across episodes, are near-duplicates: near-duplicates count as copies, and copies do
   * not feed the hashtag and term subjects an episode must spike on.
   */
  private static final String[] WORDS =
      ("smoke fire flames sirens alarm explosion blast evacuated police firefighters ambulance "
              + "street corner bridge station depot warehouse market square harbour tower school "
              + "people running screaming shaking windows broken glass cars stopped traffic closed "
              + "huge loud massive thick black grey orange sudden terrible scary unreal heard "
              + "seen outside across behind near downtown tonight now just minutes ago everyone "
              + "stay away careful pray hope safe injured hurt helping neighbours video photo "
              + "incendie fumée pompiers sirène explosion évacuation rue pont gare marché place "
              + "énorme bruit vitres cassées gens courent peur blessés police quartier maintenant")
          .split(" ");

  private PlantedEpisodes() {}

  /** The hashtag of episode {@code number}, new to the stream. */
  public static String tag(int number) {
    return "alertebench" + (char) ('a' + number % 26) + number;
  }

  /**
   * The posts of episode {@code number}, dated half a second apart from {@code at}, with ids {@code
   * episode-<number>-<j>}.
   */
  public static List<Post> posts(String source, int number, Instant at) {
    String tag = tag(number);
    String place = "Quaiville" + number;
    SplittableRandom random = new SplittableRandom(number);
    List<Post> posts = new ArrayList<>(POSTS);
    for (int j = 0; j < POSTS; j++) {
      String handle = "witness" + number + "x" + j;
      Instant created = at.plusMillis(500L * j);
      StringBuilder text = new StringBuilder();
      for (int w = 0; w < 9; w++) {
        text.append(WORDS[random.nextInt(WORDS.length)]).append(w == 4 ? " " + place + " " : " ");
      }
      text.append('#').append(tag);
      posts.add(
          Post.newBuilder()
              .setSource(source)
              .setId("episode-" + number + "-" + j)
              .setText(text.toString())
              .setCreatedAt(created)
              .setIngestedAt(created)
              .setAuthor(Author.newBuilder().setId(handle).setHandle(handle).build())
              .build());
    }
    return posts;
  }

  /** Whether {@code alert} is about the episode of hashtag {@code tag}. */
  public static boolean names(Alert alert, String tag) {
    if (alert.getSubjectKeys().contains(SubjectKey.hashtag(tag))
        || alert.getExplanation().getEvidence().getTopTerms().contains(tag)
        || alert.getExplanation().getEvidence().getTopTerms().contains("#" + tag)) {
      return true;
    }
    for (SamplePost sample : alert.getSamplePosts()) {
      if (sample.getTextExcerpt() != null && sample.getTextExcerpt().contains("#" + tag)) {
        return true;
      }
    }
    return false;
  }
}
