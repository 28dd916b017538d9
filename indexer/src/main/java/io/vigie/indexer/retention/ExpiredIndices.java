package io.vigie.indexer.retention;

import io.vigie.indexer.setup.IndexTemplates;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which of Vigie's monthly indices are past their retention, decided from their names and creation
 * dates alone (no I/O). An index {@code <prefix><kind>-yyyy.MM} is expired when both its month
 * ended and it was created at least its kind's retention ago:
 *
 * <ul>
 *   <li>its month's end: every document in it (named by its event time) is older than the
 *       retention, and the current month's index, or a future one, is never chosen;
 *   <li>its creation: a replay of old history, which creates old months' indices now, keeps them
 *       their full retention from then, as index lifecycle management does.
 * </ul>
 *
 * An index a lifecycle policy manages is the cluster's business and never chosen; so is any name
 * outside the pattern (another prefix, a rollover index, an index made by hand).
 */
public final class ExpiredIndices {

  /** An index as the cluster describes it. */
  public record Index(String name, Instant created, boolean lifecycleManaged) {}

  /** An index past its retention. */
  public record Expired(
      String index, String kind, YearMonth month, Instant created, Duration retention) {}

  private final String prefix;
  private final IndexTemplates.Retention retention;
  private final Pattern names;

  public ExpiredIndices(String prefix, IndexTemplates.Retention retention) {
    this.prefix = prefix;
    this.retention = retention;
    this.names =
        Pattern.compile(
            Pattern.quote(prefix)
                + "("
                + String.join("|", IndexTemplates.LIFECYCLE_POLICY.keySet())
                + ")-(\\d{4})\\.(\\d{2})");
  }

  /** The wildcard patterns covering every index of every kind. */
  public List<String> patterns() {
    return IndexTemplates.LIFECYCLE_POLICY.keySet().stream()
        .sorted()
        .map(kind -> prefix + kind + "-*")
        .toList();
  }

  /** The indices among {@code indices} past their retention at {@code now}, oldest month first. */
  public List<Expired> among(Collection<Index> indices, Instant now) {
    return indices.stream()
        .filter(index -> !index.lifecycleManaged())
        .map(index -> expired(index, now))
        .flatMap(Optional::stream)
        .sorted(Comparator.comparing(Expired::month).thenComparing(Expired::index))
        .toList();
  }

  private Optional<Expired> expired(Index index, Instant now) {
    Matcher name = names.matcher(index.name());
    if (!name.matches()) {
      return Optional.empty();
    }
    int monthOfYear = Integer.parseInt(name.group(3));
    if (monthOfYear < 1 || monthOfYear > 12) {
      return Optional.empty();
    }
    String kind = name.group(1);
    YearMonth month = YearMonth.of(Integer.parseInt(name.group(2)), monthOfYear);
    Duration kept = retention.of(IndexTemplates.LIFECYCLE_POLICY.get(kind));
    Instant monthEnd = month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    boolean past = !now.isBefore(monthEnd.plus(kept)) && !now.isBefore(index.created().plus(kept));
    return past
        ? Optional.of(new Expired(index.name(), kind, month, index.created(), kept))
        : Optional.empty();
  }
}
