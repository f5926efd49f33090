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
