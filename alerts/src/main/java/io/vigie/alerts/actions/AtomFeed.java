package io.vigie.alerts.actions;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * An Atom 1.0 feed of alerts (RFC 4287), from alert documents as Elasticsearch holds them: one
 * entry per incident, its id stable ({@code urn:vigie:alert:<id>}) and its {@code updated} the
 * latest version's, so feed readers show an incident once and mark it changed when it changes.
 * Everything is written through an XML stream writer, which escapes post text; characters XML
 * cannot carry at all are dropped.
 */
public final class AtomFeed {

  private AtomFeed() {}

  public static String render(String feedId, String title, List<JsonNode> alerts, Instant now) {
    StringWriter out = new StringWriter();
    try {
      XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
      xml.writeStartDocument("UTF-8", "1.0");
      xml.writeStartElement("feed");
      xml.writeDefaultNamespace("http://www.w3.org/2005/Atom");
      element(xml, "id", feedId);
      element(xml, "title", title);
      element(
          xml,
          "updated",
          alerts.isEmpty()
              ? now.toString()
              : alerts.get(0).path("updated_at").asText(now.toString()));
      xml.writeStartElement("author");
      element(xml, "name", "Vigie");
      xml.writeEndElement();
      element(xml, "generator", "Vigie");
      for (JsonNode alert : alerts) {
        xml.writeStartElement("entry");
        element(xml, "id", "urn:vigie:alert:" + alert.path("id").asText());
        element(
            xml,
            "title",
            "["
                + alert.path("severity").asText()
                + "] "
                + alert.path("title").asText()
                + " ("
                + alert.path("status").asText()
                + ")");
        element(xml, "updated", alert.path("updated_at").asText());
        element(xml, "published", alert.path("first_seen").asText());
        for (JsonNode rule : alert.path("watch_rule_ids")) {
          xml.writeEmptyElement("category");
          xml.writeAttribute("term", clean(rule.asText()));
        }
        xml.writeStartElement("category");
        xml.writeAttribute("term", clean(alert.path("kind").asText()));
        xml.writeEndElement();
        StringBuilder summary = new StringBuilder(alert.path("summary").asText());
        for (JsonNode sample : alert.path("sample_posts")) {
          summary.append("\n\n“").append(sample.path("text_excerpt").asText()).append("”");
          if (sample.hasNonNull("author_handle")) {
            summary.append(" — @").append(sample.path("author_handle").asText());
          }
        }
        xml.writeStartElement("summary");
        xml.writeAttribute("type", "text");
        xml.writeCharacters(clean(summary.toString()));
        xml.writeEndElement();
        xml.writeEndElement();
      }
      xml.writeEndElement();
      xml.writeEndDocument();
      xml.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("Cannot write the Atom feed", e);
    }
    return out.toString();
  }

  private static void element(XMLStreamWriter xml, String name, String text)
      throws XMLStreamException {
    xml.writeStartElement(name);
    xml.writeCharacters(clean(text));
    xml.writeEndElement();
  }

  /** Drops what XML 1.0 cannot hold (control characters, lone surrogates). */
  static String clean(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean allowed =
          c == '\t'
              || c == '\n'
              || c == '\r'
              || (c >= 0x20 && c <= 0xD7FF && !Character.isSurrogate(c))
              || (c >= 0xE000 && c <= 0xFFFD);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        out.append(c).append(text.charAt(++i));
      } else if (allowed) {
        out.append(c);
      }
    }
    return out.toString();
  }
}
