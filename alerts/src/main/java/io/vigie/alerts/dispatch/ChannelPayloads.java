package io.vigie.alerts.dispatch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigie.core.json.AvroDocuments;
import io.vigie.core.text.AlertText;
import io.vigie.schema.Alert;
import io.vigie.schema.SamplePost;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Locale;

/**
 * The bodies each channel receives. Post texts are attacker-controlled: the webhook carries them as
 * JSON strings (Jackson escapes them); Slack shows them in {@code plain_text} objects, which Slack
 * never parses for formatting, links or mentions, and its fallback {@code text} (parsed as mrkdwn
 * for notifications) has {@code & < >} escaped so that no {@code <!channel>} or {@code <@U123>} can
 * be smuggled in.
 */
public final class ChannelPayloads {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int SLACK_HEADER_MAX = 150;
  private static final int SLACK_TEXT_MAX = 2900;

  private ChannelPayloads() {}

  /**
   * A Standard Webhooks payload: {@code type} ({@code vigie.alert.opened}, {@code .escalated},
   * {@code .ended}), {@code timestamp}, and {@code data} with the alert as indexed and the message.
   */
  public static byte[] webhook(
      Alert alert, AlertMessage message, PagingPolicy.Reason reason, Instant now) {
    ObjectNode body = JSON.createObjectNode();
    body.put("type", "vigie.alert." + reason.name().toLowerCase(Locale.ROOT));
    body.put("timestamp", now.toString());
    ObjectNode data = body.putObject("data");
    data.set("alert", AvroDocuments.node(alert));
    ObjectNode text = data.putObject("message");
    text.put("language", message.language());
    text.put("headline", message.headline());
    ArrayNode lines = text.putArray("lines");
    message.lines().forEach(lines::add);
    return bytes(body);
  }

  /** A Slack incoming-webhook body: a header, the figures, the terms and the sample posts. */
  public static byte[] slack(AlertMessage message) {
    ObjectNode body = JSON.createObjectNode();
    body.put("text", slackEscape(message.headline() + " — " + message.why()));
    ArrayNode blocks = body.putArray("blocks");
    blocks
        .addObject()
        .put("type", "header")
        .set("text", plain(truncate(message.headline(), SLACK_HEADER_MAX)));
    blocks
        .addObject()
        .put("type", "section")
        .set("text", plain(truncate(message.why() + "\n" + message.figures(), SLACK_TEXT_MAX)));
    if (!message.topTerms().isEmpty()) {
      ArrayNode context = blocks.addObject().put("type", "context").putArray("elements");
      context.add(
          plain(
              truncate(
                  AlertText.terms(message.topTerms(), message.language().equals("fr")),
                  SLACK_TEXT_MAX)));
    }
    for (SamplePost sample : message.samples()) {
      String author =
          sample.getAuthorHandle() == null ? "" : "@" + sample.getAuthorHandle() + " — ";
      blocks
          .addObject()
          .put("type", "section")
          .set("text", plain(truncate(author + sample.getTextExcerpt(), SLACK_TEXT_MAX)));
    }
    if (!message.latency().isEmpty()) {
      blocks.addObject().put("type", "context").putArray("elements").add(plain(message.latency()));
    }
    return bytes(body);
  }

  /** Slack's mandatory escapes for text it parses: &amp; &lt; &gt;. */
  static String slackEscape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static ObjectNode plain(String text) {
    ObjectNode node = JSON.createObjectNode();
    node.put("type", "plain_text");
    node.put("text", text.isEmpty() ? " " : text);
    node.put("emoji", true);
    return node;
  }

  private static String truncate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }

  private static byte[] bytes(ObjectNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
