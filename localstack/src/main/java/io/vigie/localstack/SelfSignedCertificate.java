package io.vigie.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for 127.0.0.1 in a PKCS#12 keystore, made with the JDK's {@code
 * keytool} (no other tool needed) for a local server's TLS listener, its password in a file beside
 * it. Made once: a restart finds it.
 */
public final class SelfSignedCertificate {

  private static final String ALIAS = "server";

  private final Path keystore;
  private final String password;
  private final Certificate certificate;

  private SelfSignedCertificate(Path keystore, String password, Certificate certificate) {
    this.keystore = keystore;
    this.password = password;
    this.certificate = certificate;
  }

  /** The certificate in {@code keystore}, made first if missing. */
  static SelfSignedCertificate in(Path keystore, Path javaHome) {
    Path passwordFile = keystore.resolveSibling(keystore.getFileName() + ".password");
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
      return new SelfSignedCertificate(keystore, password, store.getCertificate(ALIAS));
    } catch (IOException | GeneralSecurityException e) {
      throw new StackException(
          "Cannot make a certificate in " + keystore + ": " + e.getMessage(), e);
    }
  }

  public Path keystore() {
    return keystore;
  }

  /** The keystore's password (and its key's). */
  public String password() {
    return password;
  }

  Certificate certificate() {
    return certificate;
  }

  /** The SHA-256 fingerprint of the certificate, in hex. */
  public String fingerprint() {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A keystore holding only this certificate, as trusted: what a client is given. */
  KeyStore trustStore() {
    try {
      KeyStore trusted = KeyStore.getInstance("PKCS12");
      trusted.load(null, null);
      trusted.setCertificateEntry(ALIAS, certificate);
      return trusted;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes {@link #trustStore()} to {@code file}, protected with this keystore's password. */
  public Path writeTrustStore(Path file) {
    try (OutputStream out = Files.newOutputStream(file)) {
      trustStore().store(out, password.toCharArray());
      return file;
    } catch (IOException | GeneralSecurityException e) {
      throw new StackException("Cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** Runs a tool; {@code stdin} is written to it (a secret never goes on a command line). */
  static void run(List<String> command, String stdin) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      if (stdin != null) {
        try (OutputStream in = process.getOutputStream()) {
          in.write((stdin + "\n").getBytes(StandardCharsets.UTF_8));
        }
      }
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
        List<String> shown =
            new ArrayList<>(command.subList(Math.max(0, command.size() - 5), command.size()));
        throw new StackException("'" + String.join(" ", shown) + "' failed: " + output.strip());
      }
    } catch (IOException e) {
      throw new StackException("Cannot run " + command.get(0) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StackException("Interrupted while running " + command.get(0), e);
    }
  }
}
