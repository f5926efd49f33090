package org.bgpsentry.daemon.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import org.bgpsentry.daemon.http.ApiViews;
import org.bgpsentry.daemon.http.HttpApi;
import org.bgpsentry.daemon.http.HttpApiServer;
import org.bgpsentry.daemon.metrics.BgpsentryMetrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link WebHandler} on an {@code EmbeddedChannel}: files, validators, the event stream. */
class WebHandlerTest {
  private final StatusPage page =
      new StatusPage(ApiViews::empty, Clock.fixed(Instant.ofEpochMilli(1_000_000), ZoneOffset.UTC));

  @AfterEach
  void close() {
    page.close();
  }

  private EmbeddedChannel channel() {
    return new EmbeddedChannel(new ReadTimeoutHandler(60), new WebHandler(page));
  }

  private static FullHttpRequest request(HttpMethod method, String uri) {
    return new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri);
  }

  private static String body(ByteBuf b) {
    return b.toString(StandardCharsets.UTF_8);
  }

  @Test
  void pageIsServedWithCspEtagAndRevalidatesTo304() {
    EmbeddedChannel ch = channel();
    ch.writeInbound(request(HttpMethod.GET, "/"));
    FullHttpResponse ok = ch.readOutbound();
    assertThat(ok.status().code()).isEqualTo(200);
    assertThat(ok.headers().get("Content-Security-Policy")).isEqualTo("default-src 'self'");
    assertThat(ok.headers().get("Content-Type")).isEqualTo("text/html; charset=utf-8");
    assertThat(ok.headers().get("Cache-Control")).isEqualTo("no-cache");
    assertThat(body(ok.content())).contains("web/app.js");
    String etag = ok.headers().get("ETag");
    assertThat(etag).matches("\"[A-Za-z0-9_-]{22}\"");
    ok.release();

    FullHttpRequest again = request(HttpMethod.GET, "/");
    again.headers().set("If-None-Match", "\"other\", W/" + etag);
    ch.writeInbound(again);
    FullHttpResponse notModified = ch.readOutbound();
    assertThat(notModified.status().code()).isEqualTo(304);
    assertThat(notModified.content().readableBytes()).isZero();
    assertThat(notModified.headers().get("ETag")).isEqualTo(etag);
    notModified.release();

    ch.writeInbound(request(HttpMethod.HEAD, "/web/style.css"));
    FullHttpResponse head = ch.readOutbound();
    assertThat(head.status().code()).isEqualTo(200);
    assertThat(head.headers().getInt("Content-Length")).isPositive();
    assertThat(head.content().readableBytes()).isZero();
    head.release();
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void unknownFilesAndOtherMethodsAreRefusedAndTheApiPassesThrough() {
    EmbeddedChannel ch = channel();
    ch.writeInbound(request(HttpMethod.GET, "/web/../../etc/passwd"));
    FullHttpResponse missing = ch.readOutbound();
    assertThat(missing.status().code()).isEqualTo(404);
    assertThat(body(missing.content())).startsWith("{\"error\":\"no such file");
    missing.release();

    ch.writeInbound(request(HttpMethod.POST, "/"));
    FullHttpResponse post = ch.readOutbound();
    assertThat(post.status().code()).isEqualTo(405);
    assertThat(post.headers().get("Allow")).isEqualTo("GET, HEAD");
    post.release();

    ch.writeInbound(request(HttpMethod.HEAD, "/api/v1/events")); // RFC 9110 §9.3.2: the stream's headers only
    FullHttpResponse headEvents = ch.readOutbound();
    assertThat(headEvents.status().code()).isEqualTo(200);
    assertThat(headEvents.headers().get("Content-Type")).isEqualTo("text/event-stream; charset=utf-8");
    assertThat(headEvents.content().readableBytes()).isZero();
    assertThat(page.events().subscribers()).isZero();
    headEvents.release();

    ch.writeInbound(request(HttpMethod.POST, "/api/v1/events"));
    FullHttpResponse postEvents = ch.readOutbound();
    assertThat(postEvents.status().code()).isEqualTo(405);
    assertThat(postEvents.headers().get("Allow")).isEqualTo("GET, HEAD");
    postEvents.release();

    ch.writeInbound(request(HttpMethod.GET, "/api/v1/events?since=3"));
    FullHttpResponse bad = ch.readOutbound();
    assertThat(bad.status().code()).isEqualTo(400);
    bad.release();

    FullHttpRequest api = request(HttpMethod.GET, "/api/v1/peers");
    ch.writeInbound(api);
    FullHttpRequest passed = ch.readInbound();
    assertThat(passed).isSameAs(api);
    passed.release();
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void eventStreamReplaysWhatFollowsLastEventIdThenSendsLiveEvents() {
    String seen = page.events().publish("peer", "{\"name\":\"edge1\"}").id();
    String missed = page.events().publish("alert", "{\"status\":\"firing\"}").id();
    EmbeddedChannel ch = channel();
    FullHttpRequest req = request(HttpMethod.GET, "/api/v1/events");
    req.headers().set("Last-Event-ID", seen);
    ch.writeInbound(req);
    HttpResponse head = ch.readOutbound();
    assertThat(head.status().code()).isEqualTo(200);
    assertThat(head.headers().get("Content-Type")).isEqualTo("text/event-stream; charset=utf-8");
    assertThat(head.headers().get("Transfer-Encoding")).isEqualTo("chunked");
    assertThat(ch.pipeline().get(ReadTimeoutHandler.class)).as("a quiet stream is not timed out").isNull();
    assertThat(text(ch)).startsWith("retry: 2000\n");
    assertThat(text(ch)).isEqualTo("id: " + missed + "\nevent: alert\ndata: {\"status\":\"firing\"}\n\n");
    String live = page.events().publish("alert", "{\"status\":\"resolved\"}").id();
    ch.runPendingTasks();
    assertThat(text(ch)).isEqualTo("id: " + live + "\nevent: alert\ndata: {\"status\":\"resolved\"}\n\n");
    assertThat(page.events().subscribers()).isEqualTo(1);
    ch.close();
    assertThat(page.events().subscribers()).as("a closed stream leaves").isZero();
    ch.finishAndReleaseAll();
  }

  @Test
  void aNewEventSourceMayNameTheLastIdInTheQuery() {
    String seen = page.events().publish("peer", "{}").id();
    String missed = page.events().publish("peer", "{\"state\":\"idle\"}").id();
    EmbeddedChannel ch = channel();
    ch.writeInbound(request(HttpMethod.GET, "/api/v1/events?last_event_id=" + seen));
    HttpResponse head = ch.readOutbound();
    assertThat(head.status().code()).isEqualTo(200);
    text(ch); // retry
    assertThat(text(ch)).startsWith("id: " + missed + "\n");
    ch.finishAndReleaseAll();
  }

  @Test
  void aFullReplayOverASocketIsSentWholeThenTheStreamGoesOn() throws Exception {
    // 1,000 kept events of 16 kB: far more than the socket buffers of a client that does not
    // read yet, so most of the replay waits in the server's outbound buffer.
    String bulky = "{\"summary\":\"" + "x".repeat(16_000) + "\"}";
    for (int i = 0; i < 1200; i++) {
      page.events().publish("alert", bulky);
    }
    HttpApi api = new HttpApi(ApiViews::empty, new BgpsentryMetrics(), () -> null);
    try (HttpApiServer server = new HttpApiServer(new InetSocketAddress("127.0.0.1", 0), api, page::handler);
        Socket client = new Socket("127.0.0.1", server.localAddress().getPort())) {
      client.setReceiveBufferSize(64 * 1024);
      client.getOutputStream().write(
          "GET /api/v1/events HTTP/1.1\r\nHost: t\r\nLast-Event-ID: other-run-7\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      awaitSubscribers(1); // the replay is queued when the stream subscribes
      page.events().publish("peer", "{}"); // live, after the replay
      client.setSoTimeout(10_000);
      BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
      int events = 0;
      String first = null;
      for (String line; events < EventLog.CAPACITY + 1 && (line = in.readLine()) != null; ) {
        if (line.startsWith("id: ")) {
          first = first == null ? line : first;
          events++;
        }
      }
      assertThat(first).as("the oldest kept event first").isEqualTo("id: lfls-201");
      assertThat(events).as("every kept event, then the live one").isEqualTo(EventLog.CAPACITY + 1);
    }
  }

  @Test
  void aClientThatStopsReadingLiveEventsIsDisconnected() throws Exception {
    HttpApi api = new HttpApi(ApiViews::empty, new BgpsentryMetrics(), () -> null);
    try (HttpApiServer server = new HttpApiServer(new InetSocketAddress("127.0.0.1", 0), api, page::handler);
        Socket client = new Socket("127.0.0.1", server.localAddress().getPort())) {
      client.setReceiveBufferSize(64 * 1024);
      client.getOutputStream().write("GET /api/v1/events HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      awaitSubscribers(1);
      String bulky = "{\"summary\":\"" + "x".repeat(16_000) + "\"}";
      // Never read: past the kernel's buffers and WebHandler.STREAM_BACKLOG_BYTES the stream is closed.
      for (int i = 0; i < 2000 && page.events().subscribers() > 0; i++) {
        page.events().publish("alert", bulky);
        Thread.sleep(1);
      }
      awaitSubscribers(0);
    }
  }

  private void awaitSubscribers(int n) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (page.events().subscribers() != n) {
      assertThat(System.nanoTime()).as("waiting for %d open streams", n).isLessThan(deadline);
      Thread.sleep(5);
    }
  }

  private static String text(EmbeddedChannel ch) {
    HttpContent c = ch.readOutbound();
    assertThat(c).isNotNull();
    try {
      return body(c.content());
    } finally {
      c.release();
    }
  }
}
