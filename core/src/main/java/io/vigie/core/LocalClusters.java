package io.vigie.core;

import java.net.URI;
import java.util.Optional;

/**
 * Servers running on this machine that a command uses where no cluster is configured: the local
 * stack of the dev tools ({@code vigie stack up}, the demo, the tests). The product only sees this
 * interface, so its image carries no broker or Elasticsearch distribution.
 */
public interface LocalClusters {

  /** The local Kafka broker's bootstrap servers, when one runs. */
  Optional<String> bootstrapServers();

  /** The local Elasticsearch node's URL, when one runs. */
  Optional<URI> elasticsearchUrl();
}
