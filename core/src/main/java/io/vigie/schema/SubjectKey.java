package io.vigie.schema;

/**
 * The key of what detection watches, as observations, signals, incidents and the watchdog's alerts
 * carry it: {@code global} (all posts), {@code crisis} (posts with crisis vocabulary), {@code
 * rule:<id>}, {@code hashtag:<tag>}, {@code term:<word>}, {@code cluster:<id>}, and the watchdog's
 * {@code ops:<check>[:<name>]}. Keys stay strings on the wire and in stores (they key partitions
 * and state); this class is the one place that builds and reads them. {@link #kindOf} allocates
 * nothing: detection calls it for every observation.
 */
public final class SubjectKey {

  /** The kinds of key, each with its prefix ({@code global} and {@code crisis} are whole keys). */
  public enum Kind {
    GLOBAL("global"),
    CRISIS("crisis"),
    RULE("rule:"),
    HASHTAG("hashtag:"),
    TERM("term:"),
    CLUSTER("cluster:"),
    OPS("ops:");

    private final String prefix;

    Kind(String prefix) {
      this.prefix = prefix;
    }

    /** A key of this kind for {@code name}; {@code global} and {@code crisis} take none. */
    public String key(String name) {
      if (this == GLOBAL || this == CRISIS) {
        throw new IllegalArgumentException(prefix + " is a whole key, without a name");
      }
      return prefix + name;
    }
  }

  public static final String GLOBAL = "global";
  public static final String CRISIS = "crisis";

  /** The watchdog's check of a source that went silent. */
  public static final String OPS_SOURCE = "ops:source:";

  /** The watchdog's check of a consumer group's lag. */
  public static final String OPS_LAG = "ops:lag:";

  /** The watchdog's check of a dead-letter topic. */
  public static final String OPS_DEAD_LETTERS = "ops:dead-letters:";

  /** The watchdog's check of Elasticsearch. */
  public static final String OPS_ELASTICSEARCH = "ops:elasticsearch";

  private SubjectKey() {}

  public static String rule(String id) {
    return Kind.RULE.key(id);
  }

  public static String hashtag(String tag) {
    return Kind.HASHTAG.key(tag);
  }

  public static String term(String word) {
    return Kind.TERM.key(word);
  }

  public static String cluster(String id) {
    return Kind.CLUSTER.key(id);
  }

  /**
   * The kind of {@code key}. A key of no known form counts as {@link Kind#GLOBAL}, as detection
   * always treated it.
   */
  public static Kind kindOf(String key) {
    if (key.startsWith("rule:")) {
      return Kind.RULE;
    } else if (key.startsWith("hashtag:")) {
      return Kind.HASHTAG;
    } else if (key.startsWith("term:")) {
      return Kind.TERM;
    } else if (key.startsWith("cluster:")) {
      return Kind.CLUSTER;
    } else if (key.startsWith("crisis")) {
      // Detection has always read any key starting with "crisis" as the crisis subject.
      return Kind.CRISIS;
    } else if (key.startsWith("ops:")) {
      return Kind.OPS;
    }
    return Kind.GLOBAL;
  }

  /**
   * What the key names after its kind's prefix: the rule id, the hashtag, the term, the cluster id,
   * the watchdog's check ({@code source:feeds}); the whole key for {@code global} and {@code
   * crisis}.
   */
  public static String name(String key) {
    Kind kind = kindOf(key);
    return switch (kind) {
      case GLOBAL, CRISIS -> key;
      default -> key.substring(kind.prefix.length());
    };
  }

  /** The rule id of a {@code rule:} key, else null. */
  public static String ruleOf(String key) {
    return key.startsWith("rule:") ? key.substring("rule:".length()) : null;
  }
}
