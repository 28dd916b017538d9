package io.vigie.localstack;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
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

  /** The {@code elastic} password, the file-realm roles and users. */
  record Secrets(
      String elasticPassword, String rolesYaml, List<LocalElasticsearch.FileUser> users) {}

  private final SelfSignedCertificate certificate;
  private final Secrets secrets;

  private SecuredHttp(SelfSignedCertificate certificate, Secrets secrets) {
    this.certificate = certificate;
    this.secrets = secrets;
  }

  /** Makes the certificate in {@code config}, unless an earlier start made it. */
  static SecuredHttp create(Path config, Path javaHome, Secrets secrets) {
    SelfSignedCertificate certificate =
        SelfSignedCertificate.in(config.resolve("http.p12"), javaHome);
    try {
      Files.writeString(config.resolve("roles.yml"), secrets.rolesYaml());
    } catch (IOException e) {
      throw new StackException("Cannot write roles.yml in " + config + ": " + e.getMessage(), e);
    }
    return new SecuredHttp(certificate, secrets);
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
            new String[] {
              "xpack.security.http.ssl.keystore.secure_password", certificate.password()
            },
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
    return certificate.fingerprint();
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
      KeyStore trusted = certificate.trustStore();
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trusted);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return HttpClient.newBuilder()
          .sslContext(context)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
    } catch (GeneralSecurityException e) {
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

  private static void run(List<String> command, String stdin) {
    SelfSignedCertificate.run(command, stdin);
  }
}
