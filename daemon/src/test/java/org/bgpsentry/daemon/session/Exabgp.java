package org.bgpsentry.daemon.session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * ExaBGP started by a test: one neighbour, static routes, and API commands ({@code announce
 * route ...}) appended to a file its {@code process} tails every 50 ms. It connects to the
 * neighbour and never listens. Skips the test when exabgp is not installed.
 */
public final class Exabgp implements AutoCloseable {
  private final Path commands;
  private final ExternalDaemon daemon;

  private Exabgp(Path commands, ExternalDaemon daemon) {
    this.commands = commands;
    this.daemon = daemon;
  }

  /**
   * Starts ExaBGP as {@code address} (also its router id) in AS {@code asn}, connecting to {@code
   * neighbor}:{@code port} in AS {@code peerAsn}, hold time 30 s.
   *
   * @param families ExaBGP family lines, e.g. {@code "ipv4 unicast; ipv6 unicast;"}
   * @param statics {@code route ...;} lines of its static block (may be empty)
   */
  public static Exabgp start(
      Path dir,
      String address,
      long asn,
      String neighbor,
      long peerAsn,
      int port,
      String families,
      String statics)
      throws IOException {
    String exabgp = ExternalDaemon.require("exabgp", "exabgp");
    Path commands = dir.resolve("commands");
    Files.writeString(commands, "");
    Files.writeString(
        dir.resolve("exabgp.conf"),
        """
        process commands {
          run /usr/bin/tail -s 0.05 -n +1 -F %s;
          encoder text;
        }
        neighbor %s {
          router-id %s;
          local-address %s;
          local-as %d;
          peer-as %d;
          connect %d;
          hold-time 30;
          family { %s }
          api { processes [ commands ]; }
          static {
        %s
          }
        }
        """
            .formatted(
                commands, neighbor, address, address, asn, peerAsn, port, families, statics));
    return new Exabgp(
        commands,
        ExternalDaemon.start(
            "exabgp",
            dir,
            List.of(
                "env",
                "exabgp_daemon_user=root",
                "exabgp_daemon_drop=false",
                "exabgp_api_cli=false",
                "exabgp_api_ack=false",
                "exabgp_tcp_bind=",
                "exabgp_log_destination=stdout",
                exabgp,
                dir.resolve("exabgp.conf").toString())));
  }

  /** Sends an API command, e.g. {@code announce route 192.0.2.0/24 next-hop 192.0.2.4}. */
  public void command(String line) throws IOException {
    Files.writeString(commands, line + "\n", StandardOpenOption.APPEND);
  }

  /** What ExaBGP logged so far. */
  public String log() {
    return daemon.log();
  }

  @Override
  public void close() throws InterruptedException {
    daemon.close();
  }
}
