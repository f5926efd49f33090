package org.bgpsentry.daemon.http;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * Who may change state without a token (docs/api.md): clients on this host only, that is
 * loopback source addresses: 127.0.0.0/8 (RFC 1122 §3.2.1.3), ::1 (RFC 4291 §2.5.3) and
 * ::ffff:127.0.0.0/104 (IPv4-mapped, RFC 4291 §2.5.5.2). Anything else, including an address that
 * is not an IP socket address, is not.
 */
final class LoopbackClients {
  private LoopbackClients() {}

  static boolean isLoopback(SocketAddress remote) {
    return remote instanceof InetSocketAddress a && a.getAddress() != null && isLoopback(a.getAddress());
  }

  /**
   * Whether a {@code Host} or {@code Origin} header names this host by a loopback name: {@code
   * localhost} or a loopback IP literal, with or without a port (and, for Origin, a scheme);
   * null (no such header) does too. A browser on this host that a web page points at the daemon
   * sends the page's origin, and a page whose DNS name was rebound to 127.0.0.1 sends its own
   * name as Host: neither is a loopback name.
   */
  static boolean namesLoopback(String header) {
    if (header == null) {
      return true;
    }
    String h = header.strip().toLowerCase(java.util.Locale.ROOT);
    int scheme = h.indexOf("://");
    h = scheme < 0 ? h : h.substring(scheme + 3);
    String host;
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      if (end < 0) {
        return false;
      }
      host = h.substring(1, end);
    } else {
      int colon = h.indexOf(':');
      host = colon < 0 ? h : h.substring(0, colon);
    }
    if (host.equals("localhost")) {
      return true;
    }
    if (!host.matches("[0-9a-f:.]+")) {
      return false; // a name: never resolved here
    }
    try {
      return isLoopback(InetAddress.getByName(host)); // a literal: no lookup
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  private static boolean isLoopback(InetAddress a) {
    if (a.isLoopbackAddress()) {
      return true;
    }
    if (a instanceof Inet6Address v6) {
      byte[] b = v6.getAddress();
      for (int i = 0; i < 10; i++) {
        if (b[i] != 0) {
          return false;
        }
      }
      return b[10] == (byte) 0xff && b[11] == (byte) 0xff && b[12] == 127;
    }
    return false;
  }
}
