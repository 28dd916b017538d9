package io.vigie.alerts.dispatch;

import io.vigie.schema.SamplePost;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;

/**
 * Sends an alert message by e-mail over SMTP (Jakarta Mail), as plain text and HTML, retrying with
 * exponential backoff while the server cannot be reached or answers with a transient failure. The
 * {@code Message-ID} is derived from the alert id and version, so a message sent again after a
 * crash is the same message to mail clients. Post text is escaped for HTML, and CR and LF are
 * removed from the subject so that no header can be smuggled in.
 */
public final class EmailSender {

  private final int maxAttempts;
  private final Duration firstBackoff;
  private final Duration maxBackoff;
  private final Duration timeout;
  private final Optional<String> password;
  private final HttpSender.Sleeper sleeper;

  public EmailSender(
      int maxAttempts,
      Duration firstBackoff,
      Duration maxBackoff,
      Duration timeout,
      Optional<String> password,
      HttpSender.Sleeper sleeper) {
    this.maxAttempts = maxAttempts;
    this.firstBackoff = firstBackoff;
    this.maxBackoff = maxBackoff;
    this.timeout = timeout;
    this.password = password;
    this.sleeper = sleeper;
  }

  public HttpSender.Result send(AlertRoute.Channel channel, String messageId, AlertMessage message)
      throws InterruptedException {
    AlertRoute.Email email = channel.email().orElseThrow();
    String protocol = channel.url().getScheme();
    int port =
        channel.url().getPort() > 0 ? channel.url().getPort() : protocol.equals("smtps") ? 465 : 25;
    Properties props = new Properties();
    props.put("mail." + protocol + ".host", channel.url().getHost());
    props.put("mail." + protocol + ".port", Integer.toString(port));
    props.put("mail." + protocol + ".connectiontimeout", Long.toString(timeout.toMillis()));
    props.put("mail." + protocol + ".timeout", Long.toString(timeout.toMillis()));
    props.put("mail." + protocol + ".writetimeout", Long.toString(timeout.toMillis()));
    props.put("mail." + protocol + ".starttls.enable", Boolean.toString(email.starttls()));
    props.put("mail." + protocol + ".auth", Boolean.toString(email.username().isPresent()));
    Session session = Session.getInstance(props);
    Duration backoff = firstBackoff;
    String detail = "";
    for (int attempt = 1; ; attempt++) {
      try {
        MimeMessage mime = message(session, email, messageId, message);
        try (Transport transport = session.getTransport(protocol)) {
          transport.connect(
              channel.url().getHost(), port, email.username().orElse(null), password.orElse(null));
          transport.sendMessage(mime, mime.getAllRecipients());
        }
        return new HttpSender.Result(true, attempt, "sent to " + email.to().size() + " recipients");
      } catch (SendFailedException | AuthenticationFailedException e) {
        return new HttpSender.Result(false, attempt, describe(e)); // refused for good
      } catch (MessagingException e) {
        detail = describe(e);
      }
      if (attempt >= maxAttempts) {
        return new HttpSender.Result(false, attempt, detail);
      }
      sleeper.sleep(backoff);
      backoff =
          backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
    }
  }

  private static MimeMessage message(
      Session session, AlertRoute.Email email, String messageId, AlertMessage message)
      throws MessagingException {
    MimeMessage mime =
        new MimeMessage(session) {
          @Override
          protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", "<" + messageId + "@vigie>");
          }
        };
    mime.setFrom(new InternetAddress(email.from(), true));
    for (String to : email.to()) {
      mime.addRecipient(Message.RecipientType.TO, new InternetAddress(to, true));
    }
    mime.setSubject(oneLine(message.headline()), "UTF-8");
    MimeBodyPart text = new MimeBodyPart();
    text.setText(String.join("\n", message.lines()) + "\n", "UTF-8");
    MimeBodyPart html = new MimeBodyPart();
    html.setContent(html(message), "text/html; charset=UTF-8");
    MimeMultipart alternative = new MimeMultipart("alternative");
    alternative.addBodyPart(text);
    alternative.addBodyPart(html);
    mime.setContent(alternative);
    mime.saveChanges();
    return mime;
  }

  static String oneLine(String text) {
    return text.replaceAll("[\\r\\n]+", " ");
  }

  static String html(AlertMessage message) {
    StringBuilder html = new StringBuilder("<!DOCTYPE html><html><body>");
    html.append("<h2>").append(escape(message.headline())).append("</h2>");
    html.append("<p>")
        .append(escape(message.why()))
        .append("<br>")
        .append(escape(message.figures()))
        .append("</p>");
    if (!message.topTerms().isEmpty()) {
      html.append("<p>").append(escape(String.join(", ", message.topTerms()))).append("</p>");
    }
    for (SamplePost sample : message.samples()) {
      html.append("<blockquote>");
      if (sample.getAuthorHandle() != null) {
        html.append("<b>@").append(escape(sample.getAuthorHandle())).append("</b>: ");
      }
      html.append(escape(sample.getTextExcerpt())).append("</blockquote>");
    }
    if (!message.latency().isEmpty()) {
      html.append("<p><small>").append(escape(message.latency())).append("</small></p>");
    }
    return html.append("</body></html>").toString();
  }

  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  private static String describe(MessagingException e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.replaceAll("\\s+", " ").strip();
  }
}
