package io.vigie.devtools.demo;

import io.vigie.alerts.AlertPrinter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The lines the demo prints, in order, as {@link java.util.Formatter} formats: the README's
 * transcript is checked against them. Incidents come between {@link #PUBLISHED} and {@link
 * #INCIDENTS}, in {@link AlertPrinter}'s formats.
 */
public final class DemoLines {

  public static final String STARTING =
      "Vigie demo: starting %s(first run unpacks Elasticsearch; later runs reuse it)...%n";

  public static final String STACK_READY = "Stack ready after %d s: %s%n";
  public static final String READ = "Read %d posts of the %s sample%s%n";
  public static final String REPLAYING =
      "Replaying %s - %s as the last %d days, at their own pace and time of day; original times kept in '%s'%n";
  public static final String WATCH_RULE = "Watch rule %s: %s%n";
  public static final String CONSOLE =
      "Console: http://%s:%d/ (live incidents, volume with its expected band, weak signals, health)%n";
  public static final String DETECTOR_STATE =
      "Detector state: http://%s/v1/subjects/crisis (or rule:boston-harm, hashtag:prayforboston, term:explosion)%n";
  public static final String PUBLISHED = "Published %d posts to %s (%.0f posts/s)%s%n";
  public static final String INCIDENTS = "%n%d incidents opened.%n";
  public static final String HOLDS =
      "%nElasticsearch holds %d of the %d posts in %s (%d dead-lettered by the indexer).%n";
  public static final String ALSO_HOLDS =
      "It also holds %d incidents (latest version of each) in %s and %d signals in %s.%n";
  public static final String MATCHING = "First posts matching \"%s\" (%d in all):%n";
  public static final String HIT = "  %s UTC  %-28s %-9s %s%n";
  public static final String FINISHED = "Demo finished in %d s.%n";

  public static final List<String> LINES =
      List.of(
          STARTING,
          STACK_READY,
          READ,
          REPLAYING,
          WATCH_RULE,
          CONSOLE,
          DETECTOR_STATE,
          PUBLISHED,
          INCIDENTS,
          HOLDS,
          ALSO_HOLDS,
          MATCHING,
          HIT,
          FINISHED);

  /** How the demo shows a post's time: the minute, in UTC. */
  static final DateTimeFormatter MINUTE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

  private DemoLines() {}
}
