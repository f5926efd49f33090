package org.bgpsentry.daemon.config;

import java.net.InetSocketAddress;

/**
 * {@code http:} (docs/configuration.md, docs/api.md).
 *
 * @param token bearer token read from {@code token_file} (whitespace stripped), or null: then
 *     mutating calls are accepted from loopback clients only
 */
public record HttpConfig(InetSocketAddress listen, String token) {
  public static final InetSocketAddress DEFAULT_LISTEN =
      new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 9180);

  /**
   * The warning {@code check-config} prints when the API listens beyond loopback without a token
   * (others then read everything and get 403 on changes), or null.
   */
  public String exposureWarning() {
    if (token != null || listen.getAddress() == null || listen.getAddress().isLoopbackAddress()) {
      return null;
    }
    return "http.listen " + listen.getAddress().getHostAddress() + ":" + listen.getPort()
        + " is not a loopback address and no http.token_file is set: other hosts can read the API"
        + " and metrics, and their changes (POST/DELETE) get 403 (expected: a token_file, or"
        + " listen on 127.0.0.1)";
  }
}
