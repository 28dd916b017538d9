package io.vigie.schema;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An incident's volume split into organic posts and coordinated copies, as detection writes it into
 * an {@link Alert}'s {@code explanation.evidence.details} (a string map, indexed as {@code
 * flattened}, so that the figures reach Elasticsearch and every reader without a schema or mapping
 * change). The keys are part of the Alert contract: {@value #POSTS}, {@value #ORGANIC}, {@value
 * #COORDINATED} (whole numbers) and {@value #SHARE} (coordinated over all, 0 to 1). They describe
 * the whole incident, every kind of signal merged into it; the details' {@code posts}, {@code
 * organic_posts} and {@code coordinated_posts} describe its main signal only. Operational alerts
 * carry none.
 */
public record IncidentSplit(long posts, long coordinated) {

  public static final String POSTS = "incident_posts";
  public static final String ORGANIC = "incident_organic_posts";
  public static final String COORDINATED = "incident_coordinated_posts";
  public static final String SHARE = "coordinated_share";

  public IncidentSplit {
    if (posts < 0 || coordinated < 0 || coordinated > posts) {
      throw new IllegalArgumentException(
          "a split needs 0 <= coordinated <= posts, not " + coordinated + " of " + posts);
    }
  }

  public long organic() {
    return posts - coordinated;
  }

  /** Coordinated copies over all posts; 0 without posts. */
  public double share() {
    return posts == 0 ? 0 : (double) coordinated / posts;
  }

  /** Percentage of coordinated copies, rounded. */
  public long percent() {
    return Math.round(100 * share());
  }

  /** Writes the split into alert details. */
  public void writeTo(Map<String, String> details) {
    details.put(POSTS, Long.toString(posts));
    details.put(ORGANIC, Long.toString(organic()));
    details.put(COORDINATED, Long.toString(coordinated));
    // Three decimals at most, as detection writes its other shares.
    details.put(SHARE, Double.toString(Math.round(share() * 1000) / 1000.0));
  }

  /** The split an alert carries; empty for alerts without one (operational, older versions). */
  public static Optional<IncidentSplit> of(Alert alert) {
    Map<String, String> details = alert.getExplanation().getEvidence().getDetails();
    String posts = details.get(POSTS);
    String coordinated = details.get(COORDINATED);
    if (posts == null || coordinated == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(new IncidentSplit(Long.parseLong(posts), Long.parseLong(coordinated)));
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // not written by detection: nothing trustworthy to show
    }
  }

  /**
   * One sentence for people, in English ({@code en}) or French ({@code fr}); empty when no post is
   * a coordinated copy, so that the many all-organic incidents' messages stay short.
   */
  public String sentence(String language) {
    if (coordinated == 0) {
      return "";
    }
    return language.equals("fr")
        ? String.format(
            Locale.ROOT,
            "%d messages en tout : %d organiques, %d copies coordonnées (%d %%).",
            posts,
            organic(),
            coordinated,
            percent())
        : String.format(
            Locale.ROOT,
            "%d posts in all: %d organic, %d coordinated copies (%d%%).",
            posts,
            organic(),
            coordinated,
            percent());
  }
}
