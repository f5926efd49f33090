package org.bgpsentry.daemon.config;

import java.net.InetSocketAddress;

/**
 * {@code http:} (docs/configuration.md, docs/api.md).
 *
 * @param token bearer token read from {@code token_file} (whitespace stripped), or null: then
 *     mutating calls need no token
 */
public record HttpConfig(InetSocketAddress listen, String token) {
  public static final InetSocketAddress DEFAULT_LISTEN =
      new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 9180);
}
