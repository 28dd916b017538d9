package io.vigie.ingest.feeds;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.jsoup.Jsoup;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Reads RSS 2.0 channels (https://www.rssboard.org/rss-specification) and Atom feeds (RFC 4287).
 * The XML parser refuses DTDs and external entities: a feed is untrusted input. Entries without an
 * id (guid, atom:id) fall back to their link, then their title.
 */
public final class FeedParser {

  private static final String ATOM = "http://www.w3.org/2005/Atom";

  private FeedParser() {}

  public static List<FeedEntry> parse(byte[] xml) throws IOException {
    Document document;
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setXIncludeAware(false);
      factory.setExpandEntityReferences(false);
      DocumentBuilder builder = factory.newDocumentBuilder();
      builder.setErrorHandler(null);
      document = builder.parse(new ByteArrayInputStream(xml));
    } catch (ParserConfigurationException | SAXException e) {
      throw new IOException("not a well-formed feed: " + e.getMessage(), e);
    }
    Element root = document.getDocumentElement();
    if (ATOM.equals(root.getNamespaceURI()) && root.getLocalName().equals("feed")) {
      return atom(root);
    }
    if (root.getLocalName() != null && root.getLocalName().equals("rss")
        || "rss".equals(root.getNodeName())) {
      return rss(root);
    }
    throw new IOException("neither RSS 2.0 nor Atom: root element <" + root.getNodeName() + ">");
  }

  private static List<FeedEntry> rss(Element root) {
    List<FeedEntry> entries = new ArrayList<>();
    for (Element item : children(first(root, null, "channel").orElse(root), null, "item")) {
      String title = text(item, null, "title").orElse("");
      Optional<String> link = text(item, null, "link");
      String id = text(item, null, "guid").or(() -> link).orElse(title);
      String body =
          text(item, "http://purl.org/rss/1.0/modules/content/", "encoded")
              .or(() -> text(item, null, "description"))
              .orElse("");
      Optional<String> author =
          text(item, "http://purl.org/dc/elements/1.1/", "creator")
              .or(() -> text(item, null, "author"));
      entries.add(
          new FeedEntry(
              id,
              title,
              html(body),
              link,
              text(item, null, "pubDate").flatMap(FeedParser::rfc822),
              author));
    }
    return entries;
  }

  private static List<FeedEntry> atom(Element root) {
    List<FeedEntry> entries = new ArrayList<>();
    for (Element entry : children(root, ATOM, "entry")) {
      String title = text(entry, ATOM, "title").orElse("");
      Optional<String> link = Optional.empty();
      for (Element candidate : children(entry, ATOM, "link")) {
        String rel = candidate.getAttribute("rel");
        if (rel.isEmpty() || rel.equals("alternate")) {
          link = Optional.of(candidate.getAttribute("href"));
          break;
        }
      }
      Optional<String> fallback = link;
      String id = text(entry, ATOM, "id").or(() -> fallback).orElse(title);
      String body = text(entry, ATOM, "content").or(() -> text(entry, ATOM, "summary")).orElse("");
      Optional<Instant> published =
          text(entry, ATOM, "published")
              .or(() -> text(entry, ATOM, "updated"))
              .flatMap(FeedParser::rfc3339);
      Optional<String> author = first(entry, ATOM, "author").flatMap(a -> text(a, ATOM, "name"));
      entries.add(new FeedEntry(id, title, html(body), link, published, author));
    }
    return entries;
  }

  private static String html(String body) {
    return Jsoup.parse(body).text().strip();
  }

  private static Optional<Instant> rfc822(String value) {
    try {
      return Optional.of(
          ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static Optional<Instant> rfc3339(String value) {
    try {
      return Optional.of(OffsetDateTime.parse(value.strip()).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static List<Element> children(Element parent, String namespace, String name) {
    List<Element> found = new ArrayList<>();
    NodeList nodes = parent.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      Node node = nodes.item(i);
      if (node instanceof Element element
          && name.equals(
              element.getLocalName() != null ? element.getLocalName() : element.getNodeName())
          && (namespace == null
              ? element.getNamespaceURI() == null
              : namespace.equals(element.getNamespaceURI()))) {
        found.add(element);
      }
    }
    return found;
  }

  private static Optional<Element> first(Element parent, String namespace, String name) {
    return children(parent, namespace, name).stream().findFirst();
  }

  private static Optional<String> text(Element parent, String namespace, String name) {
    return first(parent, namespace, name)
        .map(Element::getTextContent)
        .map(String::strip)
        .filter(s -> !s.isEmpty());
  }
}
