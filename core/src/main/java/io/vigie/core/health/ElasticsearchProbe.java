package io.vigie.core.health;

/**
 * One question to Elasticsearch, asked by {@link BackgroundProbes} every interval: whether the
 * cluster can serve now. The module that holds the Elasticsearch client answers it, so that the
 * probes need no client of their own.
 */
@FunctionalInterface
public interface ElasticsearchProbe {

  /** What the cluster said: whether it can serve, and in words. */
  record Answer(boolean reachable, String detail) {}

  /** Asks the cluster; an exception means it did not answer. */
  Answer ask() throws Exception;
}
