package io.vigie.core.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.IndexedRecord;

/**
 * The Elasticsearch document of an Avro record (signals, alerts): the record's own field names
 * (snake_case, as the index templates map them), timestamps as ISO-8601, enums as their symbol,
 * maps as objects, unions as their value. Null fields are left out, as the templates expect.
 */
public final class AvroDocuments {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private AvroDocuments() {}

  public static byte[] toJson(IndexedRecord record) {
    try {
      return JSON.writeValueAsBytes(node(record));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The record as a JSON tree, for payloads that embed it. */
  public static ObjectNode node(IndexedRecord record) {
    ObjectNode doc = NODES.objectNode();
    for (Schema.Field field : record.getSchema().getFields()) {
      Object value = record.get(field.pos());
      if (value != null) {
        doc.set(field.name(), value(value));
      }
    }
    return doc;
  }

  private static JsonNode value(Object value) {
    if (value instanceof IndexedRecord record) {
      return node(record);
    } else if (value instanceof Instant instant) {
      return NODES.textNode(instant.toString());
    } else if (value instanceof CharSequence || value instanceof GenericEnumSymbol<?>) {
      return NODES.textNode(value.toString());
    } else if (value instanceof Enum<?> symbol) {
      return NODES.textNode(symbol.name());
    } else if (value instanceof Integer number) {
      return NODES.numberNode(number);
    } else if (value instanceof Long number) {
      return NODES.numberNode(number);
    } else if (value instanceof Float number) {
      return NODES.numberNode(number);
    } else if (value instanceof Double number) {
      return NODES.numberNode(number);
    } else if (value instanceof Boolean bool) {
      return NODES.booleanNode(bool);
    } else if (value instanceof Collection<?> items) {
      ArrayNode array = NODES.arrayNode();
      items.forEach(item -> array.add(value(item)));
      return array;
    } else if (value instanceof Map<?, ?> map) {
      ObjectNode object = NODES.objectNode();
      map.forEach((k, v) -> object.set(k.toString(), v == null ? NODES.nullNode() : value(v)));
      return object;
    } else if (value instanceof ByteBuffer bytes) {
      return NODES.binaryNode(bytes.array());
    }
    throw new IllegalArgumentException("No document form for " + value.getClass().getName());
  }
}
