package io.vigie.ops.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * What a local Elasticsearch needs to run with security on: a self-signed certificate for 127.0.0.1
 * in a PKCS#12 keystore made with the JDK's {@code keytool}, and, in the node's secure settings
 * (written with {@code elasticsearch-keystore}), the keystore's password and the built-in {@code
 * elastic} user's bootstrap password.
 */
final class SecuredHttp {

  static final List<String> SETTINGS =
      List.of(
          "xpack.security.enabled=true",
          "xpack.security.http.ssl.enabled=true",
          "xpack.security.http.ssl.keystore.path=http.p12",
          // One node, no other node to talk to: transport TLS guards nothing here.
          "xpack.security.transport.ssl.enabled=false");

  private static final String ALIAS = "http";

  /** The {@code elastic} password, the file-realm roles and users. */
  record Secrets(
      String elasticPassword, String rolesYaml, List<LocalElasticsearch.FileUser> users) {}

  private final String keystorePassword;
  private final Secrets secrets;
  private final Certificate certificate;

  private SecuredHttp(String keystorePassword, Secrets secrets, Certificate certificate) {
    this.keystorePassword = keystorePassword;
    this.secrets = secrets;
    this.certificate = certificate;
  }

  /** Makes the certificate in {@code config}, unless an earlier start made it. */
  static SecuredHttp create(Path config, Path javaHome, Secrets secrets) {
    Path keystore = config.resolve("http.p12");
    Path passwordFile = config.resolve("http.p12.password");
    try {
      if (!Files.exists(keystore)) {
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        Files.writeString(passwordFile, Base64.getUrlEncoder().encodeToString(random));
        run(
            List.of(
                javaHome.resolve("bin/keytool").toString(),
                "-genkeypair",
                "-alias",
                ALIAS,
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-validity",
                "30",
                "-dname",
                "CN=127.0.0.1",
                "-ext",
                "SAN=ip:127.0.0.1,dns:localhost",
                "-storetype",
                "PKCS12",
                "-keystore",
                keystore.toString(),
                "-storepass:file",
                passwordFile.toString(),
                "-keypass:file",
                passwordFile.toString()),
            null);
      }
      String password = Files.readString(passwordFile);
      KeyStore store = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(keystore)) {
        store.load(in, password.toCharArray());
      }
      Files.writeString(config.resolve("roles.yml"), secrets.rolesYaml());
      return new SecuredHttp(password, secrets, store.getCertificate(ALIAS));
    } catch (IOException | GeneralSecurityException e) {
      throw new StackException("Cannot make a certificate for Elasticsearch: " + e.getMessage(), e);
    }
  }

  /**
   * Writes the keystore password and the {@code elastic} bootstrap password into the node's secure
   * settings and the file-realm users, with {@code asServer} (the user and environment the node
   * runs with) before each tool.
   */
  void writeSecrets(List<String> asServer, Path home) {
    for (LocalElasticsearch.FileUser user : secrets.users()) {
      List<String> command = new ArrayList<>(asServer);
      command.add(home.resolve("bin/elasticsearch-users").toString());
      command.addAll(List.of("userdel", user.name()));
      runAllowingFailure(command); // a restart finds it from the first start
      command = new ArrayList<>(asServer);
      command.add(home.resolve("bin/elasticsearch-users").toString());
      command.addAll(List.of("useradd", user.name(), "-r", user.role()));
      run(command, user.password() + "\n" + user.password()); // asked twice
    }
    for (String[] secret :
        List.of(
            new String[] {"xpack.security.http.ssl.keystore.secure_password", keystorePassword},
            new String[] {"bootstrap.password", secrets.elasticPassword()})) {
      List<String> command = new ArrayList<>(asServer);
      command.addAll(
          List.of(
              home.resolve("bin/elasticsearch-keystore").toString(),
              "add",
              "--force",
              "--stdin",
              secret[0]));
      run(command, secret[1]);
    }
  }

  String fingerprint() {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  String basicAuthorization() {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString(
                ("elastic:" + secrets.elasticPassword()).getBytes(StandardCharsets.UTF_8));
  }

  /** An HTTP client that trusts this certificate and no other. */
  HttpClient client() {
    try {
      KeyStore trusted = KeyStore.getInstance("PKCS12");
      trusted.load(null, null);
      trusted.setCertificateEntry(ALIAS, certificate);
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trusted);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return HttpClient.newBuilder()
          .sslContext(context)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void runAllowingFailure(List<String> command) {
    try {
      run(command, null);
    } catch (StackException e) {
      // expected when there is nothing to undo
    }
  }

  /** Runs a tool; {@code stdin} is written to it (a secret never goes on a command line). */
  private static void run(List<String> command, String stdin) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      if (stdin != null) {
        try (OutputStream in = process.getOutputStream()) {
          in.write((stdin + "\n").getBytes(StandardCharsets.UTF_8));
        }
      }
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
        throw new StackException(
            "'"
                + String.join(" ", command.subList(Math.max(0, command.size() - 5), command.size()))
                + "' failed: "
                + output.strip());
      }
    } catch (IOException e) {
      throw new StackException("Cannot run " + command.get(0) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StackException("Interrupted while running " + command.get(0), e);
    }
  }
}
