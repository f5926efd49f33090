package org.bgpsentry.daemon.session;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * FRR's bgpd started by a test standalone (no zebra, no listening socket: {@code -p 0}) with
 * {@code bgpd.conf}, its PID file and vty socket in the test's directory. Skips the test when FRR
 * is not installed.
 */
public final class Frr {
  private Frr() {}

  /** Writes {@code config} to {@code dir/bgpd.conf} and starts bgpd. */
  public static ExternalDaemon start(Path dir, String config) throws IOException {
    String bgpd = ExternalDaemon.require("/usr/lib/frr/bgpd", "frr");
    return ExternalDaemon.start(
        "bgpd",
        dir,
        "bgpd.conf",
        config,
        List.of(
            bgpd,
            "-f",
            dir.resolve("bgpd.conf").toString(),
            "-i",
            dir.resolve("bgpd.pid").toString(),
            "-z",
            dir.resolve("zserv.api").toString(),
            "--vty_socket",
            dir.toString(),
            "-S",
            "-Z",
            "-n",
            "-p",
            "0",
            "-P",
            "0"));
  }

  /** Runs {@code vtysh -c command...} against the bgpd of {@code dir}, returning its output. */
  public static String vtysh(Path dir, String... commands) throws IOException, InterruptedException {
    String vtysh = ExternalDaemon.require("vtysh", "frr");
    List<String> cmd = new ArrayList<>(List.of(vtysh, "--vty_socket", dir.toString(), "-d", "bgpd"));
    for (String c : commands) {
      cmd.add("-c");
      cmd.add(c);
    }
    return ExternalDaemon.run(cmd);
  }

  /**
   * {@code network} lines (for an {@code address-family} block) of {@code ipv4} prefixes
   * 198.18.i.0/24 and {@code ipv6} prefixes 2001:db8:i+1::/48.
   */
  public static String networks(int ipv4, int ipv6) {
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < ipv4; i++) {
      lines.append("  network 198.18.").append(i).append(".0/24\n");
    }
    for (int i = 0; i < ipv6; i++) {
      lines.append("  network 2001:db8:").append(i + 1).append("::/48\n");
    }
    return lines.toString();
  }
}
