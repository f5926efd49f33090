package org.bgpsentry.daemon.probe;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/**
 * Three probe targets on one port of three loopback addresses: {@code open} listens (SYN-ACK),
 * {@code closed} has no listener (RST), {@code silent} listens with a full accept queue, so the
 * kernel drops further SYNs (no answer: a timeout) without root or a blackholed route.
 */
final class LoopbackTargets implements AutoCloseable {
  static final String OPEN = "127.0.0.2";
  static final String CLOSED = "127.0.0.3";
  static final String SILENT = "127.0.0.4";

  final int port;
  private final ServerSocket open;
  private ServerSocket silent;
  private final List<Socket> fillers = new ArrayList<>();

  LoopbackTargets() throws IOException {
    open = new ServerSocket();
    open.bind(new InetSocketAddress(InetAddress.getByName(OPEN), 0), 50);
    port = open.getLocalPort();
    silent = new ServerSocket();
    silent.bind(new InetSocketAddress(InetAddress.getByName(SILENT), port), 1); // Java: 0 = default 50
    fillAcceptQueue();
  }

  /** Connects until a SYN goes unanswered: from then on the listener's accept queue is full. */
  private void fillAcceptQueue() throws IOException {
    for (int i = 0; i < 16; i++) {
      Socket s = new Socket();
      try {
        s.connect(new InetSocketAddress(InetAddress.getByName(SILENT), port), 300);
        fillers.add(s);
      } catch (SocketTimeoutException e) {
        s.close();
        return;
      }
    }
    throw new IllegalStateException("accept queue of " + SILENT + ":" + port + " never filled");
  }

  /** The silent target starts answering with RST: its listener goes away. */
  void silentAnswers() throws IOException {
    for (Socket s : fillers) {
      s.close();
    }
    fillers.clear();
    silent.close();
  }

  @Override
  public void close() throws IOException {
    silentAnswers();
    open.close();
  }
}
