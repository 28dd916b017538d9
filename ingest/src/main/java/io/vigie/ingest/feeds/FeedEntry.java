package io.vigie.ingest.feeds;

import java.time.Instant;
import java.util.Optional;

/** One item of an RSS channel or entry of an Atom feed, its HTML already turned into text. */
public record FeedEntry(
    String id,
    String title,
    String text,
    Optional<String> link,
    Optional<Instant> published,
    Optional<String> author) {}
