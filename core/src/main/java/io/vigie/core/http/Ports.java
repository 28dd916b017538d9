package io.vigie.core.http;

import io.vigie.core.UnavailableException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Loopback ports for local servers. */
public final class Ports {

  /**
   * How the launcher names a port failure: the local stack's servers were the first users of these
   * ports, and its wording ("Local stack: Port 9092 for Kafka is taken...") is what users know.
   */
  private static final String LOCAL_PORTS = "Local stack";

  private Ports() {}

  /** A port that was free on 127.0.0.1 a moment ago (the server that takes it binds it next). */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UnavailableException(
          LOCAL_PORTS, "Cannot find a free port on 127.0.0.1: " + e.getMessage(), e);
    }
  }

  /** {@code requested}, or a free port when 0; refuses a port already taken with a hint. */
  public static int choose(int requested, String what, String key) {
    if (requested == 0) {
      return freePort();
    }
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), requested));
      return requested;
    } catch (IOException e) {
      throw new UnavailableException(
          LOCAL_PORTS,
          "Port "
              + requested
              + " for "
              + what
              + " is taken on 127.0.0.1. Stop what uses it, or set "
              + key
              + " to another port (0 picks a free one).",
          e);
    }
  }
}
