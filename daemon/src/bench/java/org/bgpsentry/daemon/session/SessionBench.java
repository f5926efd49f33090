package org.bgpsentry.daemon.session;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.bgpsentry.analytics.rib.AttributeInterner;
import org.bgpsentry.codec.model.nlri.Afi;
import org.bgpsentry.codec.model.nlri.IpAddress;

/**
 * Standalone receiver for the full-table yardstick (the {@code cmd} receiver of the
 * bench harness, docs/performance.md): the BGP speaker alone (sessions, decoding, Adj-RIB-In), without analytics, HTTP API or
 * alerting. Listens on 127.0.0.1:179 as AS 65000 with the passive neighbour 127.0.0.2 AS 65001 and
 * serves {@code bgpsentry_bgp_routes} at http://127.0.0.1:9180/metrics. Not a test: run with {@code
 * java -cp <daemon test classpath> org.bgpsentry.daemon.session.SessionBench}.
 */
public final class SessionBench {
  private SessionBench() {}

  public static void main(String[] args) throws Exception {
    SpeakerSettings speaker =
        new SpeakerSettings(
            List.of(new InetSocketAddress("127.0.0.1", 179)),
            65000,
            IpAddress.parse("127.0.0.1"),
            Duration.ofSeconds(90),
            Duration.ofSeconds(30),
            Duration.ofSeconds(1));
    PeerSettings feed = PeerSettings.passive("feed", InetAddress.getByName("127.0.0.2"), 65001);
    PeerConnections connections =
        new PeerConnections(
            speaker,
            List.of(feed),
            new AttributeInterner(),
            new SessionListener() {},
            Clock.systemUTC());
    connections.start();
    HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 9180), 16);
    http.createContext(
        "/metrics",
        exchange -> {
          byte[] body =
              ("# TYPE bgpsentry_bgp_routes gauge\n"
                      + "bgpsentry_bgp_routes{peer=\"feed\",afi=\"ipv4\"} "
                      + connections.routes("feed", Afi.IPV4)
                      + "\n"
                      + "bgpsentry_bgp_routes{peer=\"feed\",afi=\"ipv6\"} "
                      + connections.routes("feed", Afi.IPV6)
                      + "\n")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    http.start();
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  http.stop(0);
                  connections.close();
                  stop.countDown();
                }));
    stop.await();
  }
}
