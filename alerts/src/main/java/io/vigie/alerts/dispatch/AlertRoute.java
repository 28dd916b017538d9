package io.vigie.alerts.dispatch;

import io.vigie.schema.Alert;
import io.vigie.schema.Severity;
import io.vigie.schema.SignalKind;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Where alerts go: the alerts a route takes (from a severity up, of some kinds, about some watch
 * rules: empty means all), the channel that receives them, the language of its messages, how many
 * it may send an hour, and its quiet hours.
 */
public record AlertRoute(
    String name,
    Severity minSeverity,
    Set<SignalKind> kinds,
    Set<String> watchRules,
    Channel channel,
    String language,
    int maxPerHour,
    Optional<QuietHours> quietHours) {

  /** How a route's messages leave. */
  public enum ChannelType {
    /** JSON with Standard Webhooks headers, signed when a secret is set. */
    WEBHOOK,
    /** A Slack-compatible incoming webhook (blocks). */
    SLACK,
    /** E-mail over SMTP ({@code smtp://host:port} or {@code smtps://}), text and HTML. */
    EMAIL
  }

  /** Where e-mail goes: sender, recipients, STARTTLS, and the SMTP user if it needs one. */
  public record Email(String from, List<String> to, boolean starttls, Optional<String> username) {
    public Email {
      Objects.requireNonNull(from, "from");
      to = List.copyOf(to);
      if (to.isEmpty()) {
        throw new IllegalArgumentException("an e-mail channel needs at least one recipient");
      }
    }
  }

  /**
   * A channel: its type, URL, for webhooks an optional {@code whsec_} signing secret, for e-mail
   * its addresses.
   */
  public record Channel(ChannelType type, URI url, Optional<String> secret, Optional<Email> email) {
    public Channel {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(url, "url");
      boolean mail = type == ChannelType.EMAIL;
      Set<String> schemes = mail ? Set.of("smtp", "smtps") : Set.of("http", "https");
      if (!schemes.contains(url.getScheme())) {
        throw new IllegalArgumentException(
            "a "
                + type.name().toLowerCase(Locale.ROOT)
                + " channel url must be "
                + schemes
                + ": "
                + url.getScheme());
      }
      if (mail != email.isPresent()) {
        throw new IllegalArgumentException(
            mail ? "an e-mail channel needs from and to" : "only e-mail channels have addresses");
      }
    }

    public Channel(ChannelType type, URI url, Optional<String> secret) {
      this(type, url, secret, Optional.empty());
    }

    @Override
    public String toString() {
      return type
          + " "
          + url.getScheme()
          + "://"
          + url.getHost(); // never the path: it may be a secret
    }
  }

  public AlertRoute {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(minSeverity, "minSeverity");
    kinds = Set.copyOf(kinds);
    watchRules = Set.copyOf(watchRules);
    Objects.requireNonNull(channel, "channel");
    if (!language.equals("fr") && !language.equals("en")) {
      throw new IllegalArgumentException("route " + name + ": language must be fr or en");
    }
    if (maxPerHour < 1) {
      throw new IllegalArgumentException("route " + name + ": max_per_hour must be at least 1");
    }
  }

  /** Whether the alert is about what this route covers (whatever its severity or status). */
  public boolean covers(Alert alert) {
    return (kinds.isEmpty() || kinds.contains(alert.getKind()))
        && (watchRules.isEmpty()
            || alert.getWatchRuleIds().stream().anyMatch(watchRules::contains));
  }
}
