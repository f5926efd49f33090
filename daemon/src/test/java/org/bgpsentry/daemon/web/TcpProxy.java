package org.bgpsentry.daemon.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP relay between the browser and the daemon, which a test can cut (every
 * connection closed, new ones refused) and restore on the same port: a network outage as the
 * page's event stream sees it.
 */
final class TcpProxy implements AutoCloseable {
  private final InetSocketAddress target;
  private final int port;
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private volatile ServerSocket server;

  TcpProxy(InetSocketAddress target) throws IOException {
    this.target = target;
    ServerSocket s = bind(0);
    this.port = s.getLocalPort();
    accept(s);
  }

  int port() {
    return port;
  }

  /** Closes every relayed connection and stops listening. */
  synchronized void cut() throws IOException {
    server.close();
    for (Socket s : open) {
      s.close();
    }
    open.clear();
  }

  /** Listens again on the same port. */
  synchronized void restore() throws IOException {
    accept(bind(port));
  }

  private static ServerSocket bind(int port) throws IOException {
    ServerSocket s = new ServerSocket();
    s.setReuseAddress(true);
    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    return s;
  }

  private void accept(ServerSocket s) {
    server = s;
    Thread.ofPlatform().daemon().name("proxy-accept").start(() -> {
      while (!s.isClosed()) {
        try {
          Socket client = s.accept();
          Socket upstream = new Socket(target.getAddress(), target.getPort());
          open.add(client);
          open.add(upstream);
          pump(client, upstream);
          pump(upstream, client);
        } catch (IOException e) {
          return; // closed by cut() or close()
        }
      }
    });
  }

  private void pump(Socket from, Socket to) {
    Thread.ofPlatform().daemon().name("proxy-pump").start(() -> {
      byte[] buf = new byte[16384];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        for (int n; (n = in.read(buf)) >= 0; ) {
          out.write(buf, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // one side closed: close both
      } finally {
        try {
          from.close();
          to.close();
        } catch (IOException e) {
          // already closed
        }
        open.remove(from);
        open.remove(to);
      }
    });
  }

  @Override
  public void close() throws IOException {
    cut();
  }
}
