package org.bgpsentry.daemon.session;

import static org.bgpsentry.daemon.session.ExternalDaemon.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * gobgpd started by a test: one passive neighbour (we connect to it), IPv4 and IPv6 unicast, its
 * BGP and gRPC ports free ports of its loopback address; routes through the {@code gobgp} CLI.
 * Skips the test when gobgpd or gobgp is not installed.
 */
final class Gobgp implements AutoCloseable {
  private final String gobgp;
  private final String address;
  private final int apiPort;
  private final ExternalDaemon daemon;

  private Gobgp(String gobgp, String address, int apiPort, ExternalDaemon daemon) {
    this.gobgp = gobgp;
    this.address = address;
    this.apiPort = apiPort;
    this.daemon = daemon;
  }

  /**
   * Starts gobgpd as {@code address} (also its router id) in AS {@code asn} listening on {@code
   * port} (a {@link Loopback#freePort}, kept across restarts), waiting for {@code neighbor} (AS
   * 65000) to connect, and waits until its API answers.
   */
  static Gobgp start(Path dir, String address, long asn, int port, String neighbor)
      throws Exception {
    return start(dir, address, asn, port, neighbor, 65000, "");
  }

  /**
   * {@link #start(Path, String, long, int, String)} with the neighbour in AS {@code neighborAsn}
   * and {@code moreToml} (further top-level tables, e.g. {@code [[bmp-servers]]}) at the end of
   * the configuration.
   */
  static Gobgp start(
      Path dir, String address, long asn, int port, String neighbor, long neighborAsn, String moreToml)
      throws Exception {
    String gobgpd = ExternalDaemon.require("gobgpd", "gobgpd");
    String gobgp = ExternalDaemon.require("gobgp", "gobgpd");
    int apiPort = Loopback.freePort(address);
    Files.writeString(
        dir.resolve("gobgpd.toml"),
        """
        [global.config]
          as = %d
          router-id = "%s"
          port = %d
          local-address-list = ["%s"]
        [[neighbors]]
          [neighbors.config]
            neighbor-address = "%s"
            peer-as = %d
          [neighbors.transport.config]
            passive-mode = true
            local-address = "%s"
          [neighbors.timers.config]
            connect-retry = 1
          [[neighbors.afi-safis]]
            [neighbors.afi-safis.config]
              afi-safi-name = "ipv4-unicast"
          [[neighbors.afi-safis]]
            [neighbors.afi-safis.config]
              afi-safi-name = "ipv6-unicast"
        """
                .formatted(asn, address, port, address, neighbor, neighborAsn, address)
            + moreToml);
    ExternalDaemon d =
        ExternalDaemon.start(
            "gobgpd",
            dir,
            List.of(
                gobgpd, "-f", "gobgpd.toml", "--api-hosts", address + ":" + apiPort, "-l", "info"));
    Gobgp g = new Gobgp(gobgp, address, apiPort, d);
    await(
        () -> "gobgpd API up: " + d.log(),
        Duration.ofSeconds(30),
        () -> {
          try {
            g.cli("global");
            return true;
          } catch (Exception e) {
            return false;
          }
        });
    return g;
  }

  /** Runs {@code gobgp args...} against this gobgpd, returning its output. */
  String cli(String... args) throws IOException, InterruptedException {
    List<String> cmd =
        new ArrayList<>(List.of(gobgp, "-u", address, "-p", Integer.toString(apiPort)));
    cmd.addAll(List.of(args));
    return ExternalDaemon.run(cmd);
  }

  /** Adds {@code prefix} to the global RIB (announced to the neighbour) with {@code attrs}. */
  void add(String prefix, String... attrs) throws IOException, InterruptedException {
    List<String> args =
        new ArrayList<>(
            List.of("global", "rib", "add", "-a", prefix.contains(":") ? "ipv6" : "ipv4", prefix));
    args.addAll(List.of(attrs));
    cli(args.toArray(String[]::new));
  }

  /** Deletes {@code prefix} from the global RIB (withdrawn from the neighbour). */
  void delete(String prefix) throws IOException, InterruptedException {
    cli("global", "rib", "del", "-a", prefix.contains(":") ? "ipv6" : "ipv4", prefix);
  }

  String log() {
    return daemon.log();
  }

  @Override
  public void close() throws InterruptedException {
    daemon.close();
  }
}
