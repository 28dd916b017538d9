package io.vigie.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigie.core.UnavailableException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class PortsTest {

  @Test
  void shouldRefuseTakenPortNamingTheKeyToChange() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));

      assertThatThrownBy(() -> Ports.choose(taken.getLocalPort(), "Kafka", "stack.kafka.port"))
          .isInstanceOf(UnavailableException.class)
          .hasMessageContaining("is taken")
          .hasMessageContaining("stack.kafka.port");
    }
  }

  @Test
  void shouldPickAFreePortForZero() {
    int port = Ports.choose(0, "Kafka", "stack.kafka.port");

    assertThat(port).isBetween(1, 65535);
    assertThat(Ports.choose(port, "Kafka", "stack.kafka.port")).isEqualTo(port);
  }
}
