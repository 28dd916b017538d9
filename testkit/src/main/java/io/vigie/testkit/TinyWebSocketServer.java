package io.vigie.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.IntFunction;

/**
 * Just enough of RFC 6455 to test a WebSocket client: accepts connections one after another on
 * 127.0.0.1, answers the opening handshake, sends the text messages chosen for that connection
 * (unmasked, as servers do), then closes it — or, for the last connection, keeps it open until
 * {@link #close()}. Records each request's path and query.
 */
public final class TinyWebSocketServer implements AutoCloseable {

  private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

  private final ServerSocket server;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final CountDownLatch closing = new CountDownLatch(1);
  private final Thread acceptor;

  /**
   * {@code messages.apply(n)}: what connection n (from 0) receives; {@code holdFrom}: connections
   * from this index stay open.
   */
  public TinyWebSocketServer(IntFunction<List<String>> messages, int holdFrom) throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor =
        new Thread(
            () -> {
              for (int n = 0; !server.isClosed(); n++) {
                try (Socket socket = server.accept()) {
                  handshake(socket);
                  OutputStream out = socket.getOutputStream();
                  for (String message : messages.apply(n)) {
                    frame(out, 0x1, message.getBytes(StandardCharsets.UTF_8));
                  }
                  out.flush();
                  if (n >= holdFrom) {
                    closing.await();
                  }
                  frame(out, 0x8, new byte[] {0x03, (byte) 0xE8}); // close, 1000
                  out.flush();
                } catch (IOException | InterruptedException e) {
                  if (server.isClosed()) {
                    return;
                  }
                }
              }
            },
            "tiny-websocket");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public int port() {
    return server.getLocalPort();
  }

  public List<String> requests() {
    return requests;
  }

  private void handshake(Socket socket) throws IOException {
    BufferedReader in =
        new BufferedReader(
            new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
    String requestLine = in.readLine();
    requests.add(requestLine.split(" ")[1]);
    String key = null;
    for (String line; (line = in.readLine()) != null && !line.isEmpty(); ) {
      if (line.toLowerCase().startsWith("sec-websocket-key:")) {
        key = line.substring(line.indexOf(':') + 1).strip();
      }
    }
    String accept;
    try {
      accept =
          Base64.getEncoder()
              .encodeToString(
                  MessageDigest.getInstance("SHA-1")
                      .digest((key + GUID).getBytes(StandardCharsets.ISO_8859_1)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    String response =
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: "
            + accept
            + "\r\n\r\n";
    socket.getOutputStream().write(response.getBytes(StandardCharsets.ISO_8859_1));
  }

  private static void frame(OutputStream out, int opcode, byte[] payload) throws IOException {
    out.write(0x80 | opcode);
    if (payload.length < 126) {
      out.write(payload.length);
    } else if (payload.length < 65536) {
      out.write(126);
      out.write(payload.length >>> 8);
      out.write(payload.length & 0xFF);
    } else {
      out.write(127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        out.write((int) ((long) payload.length >>> shift) & 0xFF);
      }
    }
    out.write(payload);
  }

  @Override
  public void close() throws IOException {
    closing.countDown();
    server.close();
  }
}
