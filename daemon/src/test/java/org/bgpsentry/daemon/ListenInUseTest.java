package org.bgpsentry.daemon;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/cli.md: a port that cannot be bound is a runtime failure whose message says which
 * listener ({@code bgp.listen} or {@code http.listen}) and which address, not only "Address
 * already in use".
 */
class ListenInUseTest {
  @TempDir Path dir;

  private Path config(String bgpListen, String httpListen) throws Exception {
    return Files.writeString(dir.resolve("bgpsentry.yml"), """
        bgp: {listen: "%s", local_asn: 64512, router_id: 192.0.2.1}
        peers:
          - {name: edge1, address: 192.0.2.11, remote_asn: 64500}
        http: {listen: "%s"}
        state_dir: %s
        """.formatted(bgpListen, httpListen, dir.resolve("state")));
  }

  @Test
  void aTakenHttpPortNamesHttpListenAndTheAddress() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Path c = config("127.0.0.1:0", "127.0.0.1:" + taken.getLocalPort());
      assertThatThrownBy(() -> Daemons.startWithSessions(c).close())
          .hasMessageContaining("http.listen")
          .hasMessageContaining("127.0.0.1:" + taken.getLocalPort());
    }
  }

  @Test
  void aTakenBgpPortNamesBgpListenAndTheAddress() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Path c = config("127.0.0.1:" + taken.getLocalPort(), "127.0.0.1:0");
      assertThatThrownBy(() -> Daemons.startWithSessions(c).close())
          .hasMessageContaining("bgp.listen")
          .hasMessageContaining("127.0.0.1:" + taken.getLocalPort());
    }
  }
}
