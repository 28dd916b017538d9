package io.vigie.streams.watch;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * A watch rule's query, parsed once and matched against every post. The grammar, like the boolean
 * queries of commercial listening tools (documented in docs/watchlists.md):
 *
 * <pre>
 * query   = or
 * or      = and { "OR" and }
 * and     = not { ["AND"] not }          (juxtaposition means AND)
 * not     = ("NOT" | "-") not | primary
 * primary = "(" or ")" | '"' phrase '"' | "#" tag | "@" handle
 *         | "author:" handle | "lang:" code | word ["*"]
 * </pre>
 *
 * Operators are upper-case; lower-case "and", "or", "not" are words. Words and phrases match the
 * post's unstemmed words case- and accent-insensitively ({@code explosion} matches "l'Explosion");
 * {@code word*} matches any word starting with it; a phrase matches consecutive words. {@code #tag}
 * matches a hashtag, {@code @handle} the author or a mention, {@code author:handle} the author
 * only, {@code lang:fr} the detected language.
 */
public final class WatchQuery {

  /** A node of the query. */
  sealed interface Node {
    boolean matches(PostView post);
  }

  private record Or(List<Node> parts) implements Node {
    public boolean matches(PostView post) {
      return parts.stream().anyMatch(p -> p.matches(post));
    }
  }

  private record And(List<Node> parts) implements Node {
    public boolean matches(PostView post) {
      return parts.stream().allMatch(p -> p.matches(post));
    }
  }

  private record Not(Node part) implements Node {
    public boolean matches(PostView post) {
      return !part.matches(post);
    }
  }

  /** Consecutive folded words; a single word when the list has one. */
  private record Phrase(List<String> words) implements Node {
    public boolean matches(PostView post) {
      List<String> text = post.words();
      outer:
      for (int i = 0; i + words.size() <= text.size(); i++) {
        for (int j = 0; j < words.size(); j++) {
          if (!text.get(i + j).equals(words.get(j))) {
            continue outer;
          }
        }
        return true;
      }
      return false;
    }
  }

  private record Prefix(String start) implements Node {
    public boolean matches(PostView post) {
      return post.words().stream().anyMatch(w -> w.startsWith(start));
    }
  }

  private record Hashtag(String tag) implements Node {
    public boolean matches(PostView post) {
      return post.hashtags().stream().anyMatch(h -> fold(h).equals(tag));
    }
  }

  private record Handle(String handle, boolean authorOnly) implements Node {
    public boolean matches(PostView post) {
      boolean author = post.authorHandle() != null && fold(post.authorHandle()).equals(handle);
      return author
          || (!authorOnly && post.mentions().stream().anyMatch(m -> fold(m).equals(handle)));
    }
  }

  private record Lang(String code) implements Node {
    public boolean matches(PostView post) {
      return code.equals(post.language());
    }
  }

  private final String text;
  private final Node root;

  private WatchQuery(String text, Node root) {
    this.text = text;
    this.root = root;
  }

  /**
   * Parses {@code query}; {@code folder} turns a word or phrase into folded words the way posts'
   * words are folded (an empty list means it has no word at all).
   */
  public static WatchQuery parse(String query, Function<String, List<String>> folder)
      throws WatchQueryException {
    Parser parser = new Parser(query, folder);
    Node root = parser.or();
    parser.skipSpaces();
    if (parser.at < query.length()) {
      throw new WatchQueryException(
          query.charAt(parser.at) == ')'
              ? "')' without a matching '('"
              : "unexpected '" + query.charAt(parser.at) + "'",
          parser.at);
    }
    return new WatchQuery(query, root);
  }

  public boolean matches(PostView post) {
    return root.matches(post);
  }

  @Override
  public String toString() {
    return text;
  }

  static String fold(String s) {
    return Normalizer.normalize(s, Normalizer.Form.NFKD)
        .replaceAll("\\p{M}+", "")
        .toLowerCase(Locale.ROOT);
  }

  /** Recursive descent over the query text, positions kept for error messages. */
  private static final class Parser {
    private final String q;
    private final Function<String, List<String>> folder;
    private int at;

    Parser(String q, Function<String, List<String>> folder) {
      this.q = q;
      this.folder = folder;
    }

    void skipSpaces() {
      while (at < q.length() && Character.isWhitespace(q.charAt(at))) {
        at++;
      }
    }

    /** The operator keyword at the current position, without consuming it, or null. */
    private String keyword() {
      skipSpaces();
      for (String op : List.of("AND", "OR", "NOT")) {
        int end = at + op.length();
        if (q.startsWith(op, at)
            && (end == q.length()
                || Character.isWhitespace(q.charAt(end))
                || q.charAt(end) == '('
                || q.charAt(end) == '"')) {
          return op;
        }
      }
      return null;
    }

    Node or() throws WatchQueryException {
      List<Node> parts = new ArrayList<>();
      parts.add(and());
      while ("OR".equals(keyword())) {
        at += 2;
        parts.add(and());
      }
      return parts.size() == 1 ? parts.get(0) : new Or(parts);
    }

    Node and() throws WatchQueryException {
      List<Node> parts = new ArrayList<>();
      parts.add(not());
      while (true) {
        String op = keyword();
        if ("AND".equals(op)) {
          at += 3;
          parts.add(not());
        } else if ("OR".equals(op) || at >= q.length() || q.charAt(at) == ')') {
          break;
        } else {
          parts.add(not()); // juxtaposition
        }
      }
      return parts.size() == 1 ? parts.get(0) : new And(parts);
    }

    Node not() throws WatchQueryException {
      String op = keyword();
      if ("NOT".equals(op)) {
        at += 3;
        return new Not(not());
      }
      if (at < q.length() && q.charAt(at) == '-') {
        at++;
        return new Not(not());
      }
      return primary();
    }

    Node primary() throws WatchQueryException {
      skipSpaces();
      if (at >= q.length()) {
        throw new WatchQueryException(
            q.isBlank() ? "the query is empty" : "the query ends where a term is expected", at);
      }
      char c = q.charAt(at);
      String op = keyword();
      if (op != null) {
        throw new WatchQueryException(op + " where a term is expected", at);
      }
      if (c == '(') {
        int open = at++;
        Node inside = or();
        skipSpaces();
        if (at >= q.length() || q.charAt(at) != ')') {
          throw new WatchQueryException("'(' is never closed", open);
        }
        at++;
        return inside;
      }
      if (c == ')') {
        throw new WatchQueryException("')' where a term is expected", at);
      }
      if (c == '"') {
        int open = at++;
        int close = q.indexOf('"', at);
        if (close < 0) {
          throw new WatchQueryException("the quote is never closed", open);
        }
        String phrase = q.substring(at, close);
        at = close + 1;
        List<String> words = folder.apply(phrase);
        if (words.isEmpty()) {
          throw new WatchQueryException("the phrase has no word", open);
        }
        return new Phrase(words);
      }
      int start = at;
      while (at < q.length()
          && !Character.isWhitespace(q.charAt(at))
          && "()\"".indexOf(q.charAt(at)) < 0) {
        at++;
      }
      String term = q.substring(start, at);
      if (term.startsWith("#")) {
        return new Hashtag(fold(nonEmpty(term.substring(1), "#", start)));
      }
      if (term.startsWith("@")) {
        return new Handle(fold(nonEmpty(term.substring(1), "@", start)), false);
      }
      if (term.startsWith("author:")) {
        String handle = nonEmpty(term.substring(7), "author:", start);
        return new Handle(fold(handle.startsWith("@") ? handle.substring(1) : handle), true);
      }
      if (term.startsWith("lang:")) {
        String code = nonEmpty(term.substring(5), "lang:", start).toLowerCase(Locale.ROOT);
        if (!code.matches("[a-z]{2}")) {
          throw new WatchQueryException(
              "lang: takes a two-letter ISO 639-1 code, not '" + code + "'", start);
        }
        return new Lang(code);
      }
      if (term.endsWith("*")) {
        List<String> words = folder.apply(term.substring(0, term.length() - 1));
        if (words.size() != 1 || words.get(0).length() < 3) {
          throw new WatchQueryException(
              "a wildcard needs a single word of at least 3 letters before '*'", start);
        }
        return new Prefix(words.get(0));
      }
      List<String> words = folder.apply(term);
      if (words.isEmpty()) {
        throw new WatchQueryException("'" + term + "' has no word to match", start);
      }
      return new Phrase(words);
    }

    private static String nonEmpty(String value, String prefix, int at) throws WatchQueryException {
      if (value.isEmpty()) {
        throw new WatchQueryException(prefix + " needs a value", at);
      }
      return value;
    }
  }
}
