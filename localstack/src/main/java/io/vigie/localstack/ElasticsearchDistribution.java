package io.vigie.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Elasticsearch server distribution published on Maven Central ({@code
 * org.elasticsearch.distribution.integ-test-zip:elasticsearch}), unpacked once under {@code
 * <stack.dir>/dist} and reused by every later start. The zip is taken from the local Maven
 * repository when the build already fetched it, otherwise downloaded and checked against its SHA-1.
 */
public final class ElasticsearchDistribution {

  private static final Logger log = LoggerFactory.getLogger(ElasticsearchDistribution.class);
  private static final String GROUP_PATH =
      "org/elasticsearch/distribution/integ-test-zip/elasticsearch/";

  private final String version;
  private final Path distDir;
  private final URI repository;

  public ElasticsearchDistribution(String version, Path distDir, URI repository) {
    this.version = version;
    this.distDir = distDir;
    this.repository = repository;
  }

  /**
   * Stacks started side by side in one JVM (tests) share the unpacked distribution: one unpacks,
   * the others wait.
   */
  private static final Object UNPACKING = new Object();

  /** The unpacked distribution's folder, unpacking (and downloading) it first if needed. */
  public Path home() {
    synchronized (UNPACKING) {
      return unpackedHome();
    }
  }

  private Path unpackedHome() {
    Path home = distDir.resolve("elasticsearch-" + version);
    Path marker = home.resolve(".vigie-unpacked");
    if (Files.exists(marker)) {
      return home;
    }
    Path zip = localMavenCopy().orElseGet(this::download);
    log.info("Unpacking {} into {}", zip.getFileName(), distDir);
    try {
      Files.createDirectories(distDir);
      deleteRecursively(home);
      unzip(zip, distDir);
      try (Stream<Path> bin = Files.list(home.resolve("bin"))) {
        for (Path script : bin.toList()) {
          Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
      }
      Files.writeString(marker, version);
    } catch (IOException e) {
      throw new StackException(
          "Cannot unpack Elasticsearch into "
              + distDir
              + " ("
              + e.getMessage()
              + "). Check free disk space and permissions, or set stack.dir.",
          e);
    }
    return home;
  }

  private Optional<Path> localMavenCopy() {
    String local = System.getProperty("maven.repo.local");
    Path repo =
        local != null
            ? Path.of(local)
            : Path.of(System.getProperty("user.home"), ".m2", "repository");
    Path zip = repo.resolve(GROUP_PATH + version + "/elasticsearch-" + version + ".zip");
    return Files.isReadable(zip) ? Optional.of(zip) : Optional.empty();
  }

  private Path download() {
    String name = "elasticsearch-" + version + ".zip";
    Path target = distDir.resolve("downloads").resolve(name);
    if (Files.exists(target)) {
      return target;
    }
    URI url =
        repository
            .resolve(repository.getPath().endsWith("/") ? "" : "/")
            .resolve(GROUP_PATH + version + "/" + name);
    log.info("Downloading {} (about 100 MB)", url);
    HttpClient http =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(20))
            .build();
    try {
      Files.createDirectories(target.getParent());
      Path partial = target.resolveSibling(name + ".part");
      HttpResponse<Path> response =
          http.send(
              HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(15)).build(),
              HttpResponse.BodyHandlers.ofFile(partial));
      if (response.statusCode() != 200) {
        Files.deleteIfExists(partial);
        throw new StackException(
            "Downloading "
                + url
                + " failed with HTTP "
                + response.statusCode()
                + ". Check stack.maven-repository and stack.elasticsearch.version.");
      }
      HttpResponse<String> sha1 =
          http.send(
              HttpRequest.newBuilder(URI.create(url + ".sha1"))
                  .timeout(Duration.ofMinutes(1))
                  .build(),
              HttpResponse.BodyHandlers.ofString(StandardCharsets.US_ASCII));
      if (sha1.statusCode() == 200) {
        String expected = sha1.body().strip().split("\\s+")[0];
        String actual = sha1(partial);
        if (!expected.equalsIgnoreCase(actual)) {
          Files.deleteIfExists(partial);
          throw new StackException(
              "Downloaded "
                  + name
                  + " is corrupt (SHA-1 "
                  + actual
                  + ", expected "
                  + expected
                  + "). Try again.");
        }
      }
      Files.move(
          partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return target;
    } catch (IOException e) {
      throw new StackException(
          "Downloading "
              + url
              + " failed: "
              + e
              + ". Check the network, or put the zip in the local Maven repository (mvn dependency:get -Dartifact=org.elasticsearch.distribution.integ-test-zip:elasticsearch:"
              + version
              + ":zip).",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StackException("Interrupted while downloading Elasticsearch", e);
    }
  }

  private static String sha1(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-1");
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void unzip(Path zip, Path into) throws IOException {
    Path root = into.toAbsolutePath().normalize();
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
      for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
        Path target = root.resolve(entry.getName()).normalize();
        if (!target.startsWith(root)) {
          throw new IOException("zip entry escapes the target folder: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
