package org.bgpsentry.daemon;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/cli.md: what stops {@code run} at start is a runtime failure whose message names the config
 * key and the value: a port that cannot be bound ({@code bgp.listen}, {@code http.listen}), not
 * only "Address already in use"; a {@code state_dir} that cannot be made.
 */
class StartFailureTest {
  @TempDir Path dir;

  private Path config(String bgpListen, String httpListen) throws Exception {
    return config(bgpListen, httpListen, dir.resolve("state").toString());
  }

  private Path config(String bgpListen, String httpListen, String stateDir) throws Exception {
    return Files.writeString(dir.resolve("bgpsentry.yml"), """
        bgp: {listen: "%s", local_asn: 64512, router_id: 192.0.2.1}
        peers:
          - {name: edge1, address: 192.0.2.11, remote_asn: 64500}
        http: {listen: "%s"}
        state_dir: %s
        """.formatted(bgpListen, httpListen, stateDir));
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

  @Test
  void aStateDirThatCannotBeMadeNamesStateDir() throws Exception {
    Files.writeString(dir.resolve("file"), "not a directory\n");
    Path c = config("127.0.0.1:0", "127.0.0.1:0", dir.resolve("file").resolve("state").toString());
    assertThatThrownBy(() -> Daemons.startWithSessions(c).close())
        .hasMessageContaining("state_dir " + dir.resolve("file").resolve("state"));
  }
}
