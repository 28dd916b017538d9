package io.vigie.core;

/**
 * The Kafka headers every post on the raw topic carries, set by the ingest's publisher: readers
 * that only count or route posts (the watchdog's posts per source) read them without decoding the
 * post.
 */
public final class PostHeaders {

  /** The post's source, UTF-8. */
  public static final String SOURCE = "vigie.source";

  /** The full name of the post's Avro schema, UTF-8. */
  public static final String SCHEMA = "vigie.schema";

  private PostHeaders() {}
}
