package io.vigie.devtools.bench;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._helpers.bulk.BulkIngester;
import co.elastic.clients.elasticsearch._helpers.bulk.BulkListener;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.util.BinaryData;
import co.elastic.clients.util.ContentType;
import io.vigie.indexer.IndexNames;
import io.vigie.indexer.IndexerSettings;
import io.vigie.indexer.PostDocuments;
import io.vigie.schema.EnrichedPost;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Enriched posts bulk-indexed straight from memory: the baseline of the indexer's rate. */
public final class RawBulkIndexing {

  private RawBulkIndexing() {}

  public static String key(EnrichedPost post) {
    return post.getPost().getSource() + ":" + post.getPost().getId();
  }

  /** The same documents straight into a BulkIngester with the indexer's settings. */
  public static double rawBulk(
      ElasticsearchClient client,
      IndexerSettings settings,
      IndexNames names,
      List<EnrichedPost> documents)
      throws InterruptedException {
    CountDownLatch done = new CountDownLatch(documents.size());
    AtomicLong failed = new AtomicLong();
    BulkListener<Void> listener =
        new BulkListener<>() {
          @Override
          public void beforeBulk(long id, BulkRequest request, List<Void> contexts) {}

          @Override
          public void afterBulk(
              long id, BulkRequest request, List<Void> contexts, BulkResponse response) {
            response
                .items()
                .forEach(
                    item -> {
                      if (item.error() != null) {
                        failed.incrementAndGet();
                      }
                      done.countDown();
                    });
          }

          @Override
          public void afterBulk(
              long id, BulkRequest request, List<Void> contexts, Throwable failure) {
            contexts.forEach(
                c -> {
                  failed.incrementAndGet();
                  done.countDown();
                });
          }
        };
    long started = System.nanoTime();
    try (BulkIngester<Void> ingester =
        BulkIngester.of(
            b ->
                b.client(client)
                    .maxOperations(settings.bulkMaxOperations())
                    .maxSize(settings.bulkMaxBytes())
                    .maxConcurrentRequests(settings.maxConcurrentRequests())
                    .flushInterval(settings.flushInterval().toMillis(), TimeUnit.MILLISECONDS)
                    .listener(listener))) {
      for (EnrichedPost post : documents) {
        String key = key(post);
        BinaryData document =
            BinaryData.of(PostDocuments.toJson(key, post), ContentType.APPLICATION_JSON);
        String index = names.posts(post.getPost().getCreatedAt());
        ingester.add(
            BulkOperation.of(o -> o.index(i -> i.index(index).id(key).document(document))));
      }
      ingester.flush();
      done.await(10, TimeUnit.MINUTES);
    }
    if (failed.get() > 0) {
      throw new IllegalStateException(failed.get() + " raw bulk operations failed");
    }
    return documents.size() / ((System.nanoTime() - started) / 1e9);
  }
}
