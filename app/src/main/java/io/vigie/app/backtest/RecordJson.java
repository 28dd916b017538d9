package io.vigie.app.backtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * Avro records as plain JSON for people and tools: field names as in the schema, times as ISO-8601
 * strings, enums by name, unions without Avro's type wrappers.
 */
public final class RecordJson {

  private static final ObjectMapper JSON = new ObjectMapper();

  private RecordJson() {}

  public static ObjectNode toJson(SpecificRecord record) {
    ObjectNode node = JSON.createObjectNode();
    for (Schema.Field field : record.getSchema().getFields()) {
      node.set(field.name(), value(record.get(field.pos())));
    }
    return node;
  }

  public static String line(SpecificRecord record) {
    return toJson(record).toString();
  }

  private static JsonNode value(Object value) {
    if (value == null) {
      return JSON.nullNode();
    } else if (value instanceof SpecificRecord record) {
      return toJson(record);
    } else if (value instanceof Instant instant) {
      return JSON.getNodeFactory().textNode(instant.toString());
    } else if (value instanceof CharSequence || value instanceof Enum<?>) {
      return JSON.getNodeFactory().textNode(value.toString());
    } else if (value instanceof List<?> list) {
      ArrayNode array = JSON.createArrayNode();
      list.forEach(item -> array.add(value(item)));
      return array;
    } else if (value instanceof Map<?, ?> map) {
      ObjectNode object = JSON.createObjectNode();
      map.forEach((k, v) -> object.set(k.toString(), value(v)));
      return object;
    }
    return JSON.valueToTree(value);
  }
}
