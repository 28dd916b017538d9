package io.vigie.indexer;

import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.util.BinaryData;
import co.elastic.clients.util.ContentType;
import io.vigie.core.json.AvroDocuments;
import io.vigie.schema.Alert;
import io.vigie.schema.AlertAction;
import io.vigie.schema.EnrichedPost;
import io.vigie.schema.Signal;
import io.vigie.schema.Topic;
import java.util.function.BiFunction;

/**
 * One topic the indexer reads, and how each of its records becomes a bulk operation: which index
 * (from the record's own event time, so a replay lands on the same document), which id, which
 * document. Records that cannot be decoded go to the dead-letter topic under {@code stage}.
 */
public record IndexedTopic<T>(
    Topic<String, T> topic, String stage, BiFunction<String, T, BulkOperation> operation) {

  /** Enriched posts, under their key, in the month of their publication. */
  public static IndexedTopic<EnrichedPost> posts(
      Topic<String, EnrichedPost> topic, IndexNames names) {
    return new IndexedTopic<>(
        topic,
        "indexer.posts",
        (key, post) ->
            index(
                names.posts(post.getPost().getCreatedAt()), key, PostDocuments.toJson(key, post)));
  }

  /**
   * Signals, under their id, in the month their window starts in. A signal's id names one finding
   * of one episode: a later phase (updated, closed) is a new id, so every phase is kept.
   */
  public static IndexedTopic<Signal> signals(Topic<String, Signal> topic, IndexNames names) {
    return new IndexedTopic<>(
        topic,
        "indexer.signals",
        (key, signal) ->
            index(
                names.signals(signal.getWindowStart()),
                signal.getId(),
                AvroDocuments.toJson(signal)));
  }

  /**
   * Alerts, one document per incident updated in place: the alert's version is the document's
   * external version, so the newest version wins whatever order versions arrive in, and an older
   * one replayed is refused by Elasticsearch (a version conflict the indexer counts as done).
   */
  public static IndexedTopic<Alert> alerts(Topic<String, Alert> topic, IndexNames names) {
    return new IndexedTopic<>(
        topic,
        "indexer.alerts",
        (key, alert) -> {
          BinaryData document =
              BinaryData.of(AvroDocuments.toJson(alert), ContentType.APPLICATION_JSON);
          String index = names.alerts(alert.getFirstSeen());
          return BulkOperation.of(
              o ->
                  o.index(
                      i ->
                          i.index(index)
                              .id(alert.getId())
                              .version((long) alert.getVersion())
                              .versionType(VersionType.External)
                              .document(document)));
        });
  }

  /**
   * People's actions on alerts, the audit trail: who did what to which incident and when, in the
   * month of the action. The id is the alert, the time and the action, so a replay lands on the
   * same document.
   */
  public static IndexedTopic<AlertAction> actions(
      Topic<String, AlertAction> topic, IndexNames names) {
    return new IndexedTopic<>(
        topic,
        "indexer.alert-actions",
        (key, action) ->
            index(
                names.alertActions(action.getActedAt()),
                action.getAlertId()
                    + "@"
                    + action.getActedAt().toEpochMilli()
                    + ":"
                    + action.getAction()
                    + ":"
                    + action.getActor(),
                AvroDocuments.toJson(action)));
  }

  private static BulkOperation index(String index, String id, byte[] json) {
    BinaryData document = BinaryData.of(json, ContentType.APPLICATION_JSON);
    return BulkOperation.of(o -> o.index(i -> i.index(index).id(id).document(document)));
  }
}
