package org.bgpsentry.daemon.alert;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/** A real HTTP receiver on loopback recording every POST; answers {@link #status} (200 default). */
public final class Receiver implements AutoCloseable {
  /** One received request and when it arrived. */
  public record Post(String path, Map<String, List<String>> headers, byte[] body, Instant at) {
    public String header(String name) {
      for (var e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return e.getValue().getFirst();
        }
      }
      return null;
    }
  }

  private final HttpServer server;
  public final List<Post> posts = new CopyOnWriteArrayList<>();
  public final AtomicInteger status = new AtomicInteger(200);
  public final AtomicInteger refused = new AtomicInteger();
  /** The body sent with a non-2xx {@link #status} (none when empty). */
  public volatile byte[] refusal = new byte[0];
  /** Called on the receiver's thread with each accepted post, before it is recorded. */
  public volatile java.util.function.Consumer<Post> onPost = p -> {};

  public Receiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        ex -> {
          byte[] body;
          try (InputStream in = ex.getRequestBody()) {
            body = in.readAllBytes();
          }
          int s = status.get();
          if (s / 100 == 2) {
            Post p = new Post(ex.getRequestURI().getPath(), Map.copyOf(ex.getRequestHeaders()), body, Instant.now());
            onPost.accept(p);
            posts.add(p);
          } else {
            refused.incrementAndGet();
          }
          byte[] answer = s / 100 == 2 ? new byte[0] : refusal;
          ex.sendResponseHeaders(s, answer.length == 0 ? -1 : answer.length);
          if (answer.length > 0) {
            ex.getResponseBody().write(answer);
          }
          ex.close();
        });
    server.start();
  }

  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  /** The first alert posted here (docs/alerts.md JSON) with {@code key} and {@code status}, or null. */
  public org.bgpsentry.analytics.alert.Alert alert(String key, org.bgpsentry.analytics.alert.AlertStatus status) {
    for (Post p : posts) {
      org.bgpsentry.analytics.alert.Alert a = AlertJson.read(p.body());
      if (a.key().equals(key) && a.status() == status) {
        return a;
      }
    }
    return null;
  }

  @Override
  public void close() {
    server.stop(0);
  }

  /** Waits for {@code cond} up to {@code timeout}; fails with {@code what} otherwise. */
  public static void await(BooleanSupplier cond, Duration timeout, String what) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!cond.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      Thread.sleep(20);
    }
  }
}
