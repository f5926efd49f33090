package org.bgpsentry.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.bgpsentry.analytics.alert.Alert;
import org.bgpsentry.analytics.alert.AlertType;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.bgpsentry.daemon.alert.AlertJson;
import org.bgpsentry.daemon.alert.Receiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A refused reload changes nothing (docs/configuration.md: "an invalid new config is refused and the
 * running one stays"): a reload that adds a listen address already in use and lowers {@code
 * detection.max_path_length} is refused by the sessions, and the detection change of the same
 * reload is not in effect afterwards. In-process daemon with a {@link ScriptedPeer} (AS 65101,
 * a transit: path [65101 65104] has length 2), no external daemon.
 */
class ReloadRefusedTest {
  private static final String LOCAL = "127.0.0.81";
  private static final String TRANSIT = "127.0.0.82";
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;

  private void writeConfig(List<Integer> ports, int maxPathLength, Receiver hook) throws Exception {
    String listen = String.join(", ", ports.stream().map(p -> "\"" + LOCAL + ":" + p + "\"").toList());
    Files.writeString(dir.resolve("bgpsentry.yml"), """
        bgp: {listen: [%s], local_asn: 65000, router_id: %s}
        peers:
          - {name: transit, address: %s, remote_asn: 65101}
        registry: {file: prefixes.yml}
        detection: {max_path_length: %d}
        http: {listen: "127.0.0.1:0"}
        state_dir: state
        alerts:
          webhooks:
            - {name: noc, url: "%s", format: json}
        """.formatted(listen, LOCAL, TRANSIT, maxPathLength, hook.uri("/hook")));
  }

  private static List<Alert> posted(Receiver hook, AlertType type) {
    return hook.posts.stream().map(p -> AlertJson.read(p.body())).filter(a -> a.type() == type).toList();
  }

  @Test
  void aReloadRefusedForATakenListenPortDoesNotApplyItsDetectionChange() throws Exception {
    int port = DaemonTest.freePort(LOCAL);
    try (Receiver hook = new Receiver()) {
      Files.writeString(dir.resolve("prefixes.yml"), """
          prefixes:
            - {prefix: 203.0.113.0/24, origin_asns: [65104]}
            - {prefix: 198.51.100.0/24, origin_asns: [65104]}
            - {prefix: 192.0.2.0/24, origin_asns: [65104]}
          """);
      writeConfig(List.of(port), 64, hook);
      Daemon daemon = Daemons.startWithSessions(dir.resolve("bgpsentry.yml"));
      try (ScriptedPeer transit = new ScriptedPeer(TRANSIT, LOCAL, port, 65101)) {
        Receiver.await(transit::established, WAIT, "session Established");

        try (ServerSocket blocker = new ServerSocket(0, 1, InetAddress.getByName(LOCAL))) {
          int taken = blocker.getLocalPort();
          writeConfig(List.of(port, taken), 1, hook);
          assertThat(daemon.reload()).as("a listen address in use").singleElement().asString()
              .contains("reload refused");
        }
        // Were max_path_length 1 in effect, this path of length 2 would fire suboptimal_path; the
        // hijack after it (same peer, same order on the analytics queue) marks that it was seen.
        transit.announce(Prefix.parse("203.0.113.0/24"), "192.0.2.1", 65101, 65104);
        transit.announce(Prefix.parse("198.51.100.0/24"), "192.0.2.1", 65101, 17557);
        Receiver.await(() -> !posted(hook, AlertType.ORIGIN_HIJACK).isEmpty(), WAIT, "the origin_hijack");
        assertThat(posted(hook, AlertType.SUBOPTIMAL_PATH)).as("max_path_length 1 of the refused reload").isEmpty();
        assertThat(transit.closedByDaemon()).as("the session stays up").isFalse();

        // The same config once the port is free: accepted, and now max_path_length 1 applies.
        assertThat(daemon.reload()).isEmpty();
        transit.announce(Prefix.parse("192.0.2.0/24"), "192.0.2.1", 65101, 65104);
        Receiver.await(() -> posted(hook, AlertType.SUBOPTIMAL_PATH).stream()
            .anyMatch(a -> a.prefix().equals("192.0.2.0/24")), WAIT, "suboptimal_path after the accepted reload");
      } finally {
        daemon.close();
      }
    }
  }
}
