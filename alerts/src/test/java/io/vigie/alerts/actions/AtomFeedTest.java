package io.vigie.alerts.actions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class AtomFeedTest {

  @Test
  void eachIncidentIsOneEntryAndPostTextCannotBreakTheXml() throws Exception {
    JsonNode alert =
        new ObjectMapper()
            .readTree(
                """
                {"id": "inc-1", "severity": "HIGH", "status": "OPEN", "kind": "SPIKE",
                 "title": "Volume spike: watch rule acme", "summary": "42 posts in 5 min",
                 "updated_at": "2026-03-02T12:05:00Z", "first_seen": "2026-03-02T12:00:00Z",
                 "watch_rule_ids": ["acme"],
                 "sample_posts": [{"text_excerpt": "</summary><script>x</script> ]]> &amp; \\u0007bell",
                                   "author_handle": "angry"}]}
                """);

    String xml =
        AtomFeed.render("urn:vigie:feed:alerts", "Vigie alerts", List.of(alert), Instant.EPOCH);

    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    Document feed =
        factory
            .newDocumentBuilder()
            .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    Element entry =
        (Element) feed.getElementsByTagNameNS("http://www.w3.org/2005/Atom", "entry").item(0);
    assertThat(feed.getElementsByTagNameNS("http://www.w3.org/2005/Atom", "entry").getLength())
        .isEqualTo(1);
    assertThat(entry.getElementsByTagName("id").item(0).getTextContent())
        .isEqualTo("urn:vigie:alert:inc-1");
    assertThat(entry.getElementsByTagName("updated").item(0).getTextContent())
        .isEqualTo("2026-03-02T12:05:00Z");
    assertThat(entry.getElementsByTagName("summary").item(0).getTextContent())
        .contains("</summary><script>x</script> ]]> &amp; bell")
        .contains("@angry");
    assertThat(xml).doesNotContain("<script>");
  }
}
