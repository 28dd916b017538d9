package io.vigie.core.http;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

/**
 * One of Vigie's HTTP servers (the JDK's {@code com.sun.net.httpserver}): bound to an address with
 * its own backlog and, unless it answers on the server's own thread, its own executor, which
 * stopping it shuts down. Each server keeps the backlog and pool its load calls for.
 */
public final class HttpEndpoint {

  private final HttpServer server;
  private final Optional<ExecutorService> executor;

  private HttpEndpoint(HttpServer server, Optional<ExecutorService> executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Binds {@code address} (port 0: a free one), with up to {@code backlog} connections waiting to
   * be accepted, handling requests on {@code executor}; it answers once {@link #start started}. A
   * failed bind shuts {@code executor} down.
   */
  public static HttpEndpoint bind(InetSocketAddress address, int backlog, ExecutorService executor)
      throws IOException {
    HttpServer server;
    try {
      server = HttpServer.create(address, backlog);
    } catch (IOException | RuntimeException e) {
      executor.shutdownNow();
      throw e;
    }
    server.setExecutor(executor);
    return new HttpEndpoint(server, Optional.of(executor));
  }

  /**
   * Binds {@code address} like {@link #bind(InetSocketAddress, int, ExecutorService)}, handling
   * requests one at a time on the server's own thread: for quick answers only.
   */
  public static HttpEndpoint bind(InetSocketAddress address, int backlog) throws IOException {
    return new HttpEndpoint(HttpServer.create(address, backlog), Optional.empty());
  }

  /** Hands the requests under {@code path} to {@code handler}, before or after the start. */
  public HttpEndpoint serve(String path, HttpHandler handler) {
    server.createContext(path, handler);
    return this;
  }

  public void start() {
    server.start();
  }

  /** The port bound, known as soon as it is bound. */
  public int port() {
    return server.getAddress().getPort();
  }

  /**
   * Stops accepting, waits up to {@code delaySeconds} for the exchanges under way, then shuts the
   * executor down.
   */
  public void stop(int delaySeconds) {
    server.stop(delaySeconds);
    executor.ifPresent(ExecutorService::shutdownNow);
  }
}
