package io.vigie.ingest.feeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeedParserTest {

  private static byte[] fixture(String name) throws IOException {
    try (InputStream in = FeedParserTest.class.getResourceAsStream(name)) {
      return in.readAllBytes();
    }
  }

  @Test
  void shouldReadRssItemsWithTextFromHtml() throws Exception {
    List<FeedEntry> entries = FeedParser.parse(fixture("rss2.xml"));

    assertThat(entries).hasSize(2);
    FeedEntry first = entries.get(0);
    assertThat(first.id()).isEqualTo("rhone-2024-11-22-crues");
    assertThat(first.text()).isEqualTo("Le Rhône est placé en vigilance orange crues.");
    assertThat(first.published()).contains(Instant.parse("2024-11-22T08:30:00Z"));
    assertThat(first.author()).contains("Service communication");
    FeedEntry second = entries.get(1);
    assertThat(second.id())
        .as("no guid: the link")
        .isEqualTo("https://www.rhone.gouv.fr/actualites/quais");
    assertThat(second.text()).isEqualTo("Les quais bas sont fermés jusqu'à nouvel ordre.");
  }

  @Test
  void shouldReadAtomEntriesAndTheirAlternateLink() throws Exception {
    FeedEntry entry = FeedParser.parse(fixture("atom.xml")).get(0);

    assertThat(entry.id()).isEqualTo("urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a");
    assertThat(entry.link()).contains("http://example.org/2003/12/13/atom03");
    assertThat(entry.published()).contains(Instant.parse("2003-12-13T18:30:02Z"));
    assertThat(entry.text()).isEqualTo("Some text.");
    assertThat(entry.author()).contains("John Doe");
  }

  @Test
  void shouldRefuseDoctypesSoThatNoExternalEntityIsEverRead() {
    String xxe =
        "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><rss><channel><item><title>&x;</title></item></channel></rss>";
    assertThatThrownBy(() -> FeedParser.parse(xxe.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("not a well-formed feed");
  }

  @Test
  void shouldRefuseOtherXml() {
    assertThatThrownBy(
            () -> FeedParser.parse("<html><body/></html>".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("neither RSS 2.0 nor Atom");
  }
}
