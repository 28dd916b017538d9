package io.vigie.indexer;

import co.elastic.clients.elasticsearch._helpers.bulk.BulkListener;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Routes each item's answer to the attempt it belongs to. */
final class BulkAnswerListener implements BulkListener<AnswerSlot> {

  /** The indexer's logger, so that its log lines keep the name operators know them by. */
  private static final Logger log = LoggerFactory.getLogger(Indexer.class);

  private final IndexerMetrics metrics;

  BulkAnswerListener(IndexerMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void beforeBulk(long executionId, BulkRequest request, List<AnswerSlot> contexts) {
    metrics.bulkSent(executionId);
  }

  @Override
  public void afterBulk(
      long executionId, BulkRequest request, List<AnswerSlot> contexts, BulkResponse response) {
    metrics.bulkAnswered(executionId, response.errors() ? "item_errors" : "ok");
    List<BulkResponseItem> items = response.items();
    for (int i = 0; i < items.size(); i++) {
      BulkResponseItem item = items.get(i);
      AnswerSlot slot = contexts.get(i);
      if (item.error() == null) {
        slot.attempt().acknowledged(slot.position());
      } else if (BulkOutcome.superseded(item.status(), item.error().type())) {
        metrics.countSuperseded(); // a newer alert version is already indexed
        slot.attempt().acknowledged(slot.position());
      } else {
        slot.attempt()
            .failed(
                new BulkOutcome.Failure(
                    slot.position(),
                    BulkOutcome.retriable(item.status()),
                    item.error().type(),
                    item.error().reason()));
      }
    }
  }

  @Override
  public void afterBulk(
      long executionId, BulkRequest request, List<AnswerSlot> contexts, Throwable failure) {
    metrics.bulkAnswered(executionId, "failed");
    log.warn("Bulk request failed: {}", failure.toString());
    for (AnswerSlot slot : contexts) {
      slot.attempt()
          .failed(
              new BulkOutcome.Failure(
                  slot.position(),
                  true,
                  failure.getClass().getSimpleName(),
                  String.valueOf(failure.getMessage())));
    }
  }
}
