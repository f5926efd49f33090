package org.bgpsentry.daemon.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.time.Clock;
import java.time.ZoneOffset;
import org.bgpsentry.analytics.latency.LatencyMonitor;
import java.util.concurrent.atomic.AtomicReference;
import org.bgpsentry.analytics.alert.Alert;
import org.bgpsentry.analytics.alert.AlertStatus;
import org.bgpsentry.analytics.alert.AlertType;
import org.bgpsentry.analytics.alert.Severity;
import org.bgpsentry.analytics.event.PeerId;
import org.bgpsentry.analytics.prefix.RegisteredPrefix;
import org.bgpsentry.codec.model.cap.Capability;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.bgpsentry.daemon.config.RegistryFile;
import org.bgpsentry.daemon.config.RegistryLoader;
import org.bgpsentry.daemon.metrics.BgpsentryMetrics;
import org.bgpsentry.daemon.session.PeerStatus;
import org.bgpsentry.daemon.session.SessionState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/api.md: every endpoint and every error status, over real HTTP on loopback. */
class HttpApiServerTest {
  private static final String TOKEN = "t0ken";
  @TempDir Path dir;
  private HttpApiServer server;
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final AtomicReference<List<String>> reloadProblems = new AtomicReference<>(List.of());
  private final List<Alert> alerts = new ArrayList<>();
  private final List<Integer> routeLimits = new java.util.concurrent.CopyOnWriteArrayList<>();
  private Path registryFile;
  private final Map<Prefix, RegisteredPrefix> registry = new LinkedHashMap<>();
  private final BgpsentryMetrics metrics = new BgpsentryMetrics();
  private ApiViews views;
  private final LatencyMonitor latency = new LatencyMonitor(Clock.fixed(Instant.parse("2026-01-01T00:07:00Z"), ZoneOffset.UTC), 1.5);

  @BeforeEach
  void start() throws Exception {
    registryFile = dir.resolve("prefixes.yml");
    RegisteredPrefix p = RegisteredPrefix.of(Prefix.parse("203.0.113.0/24"), 64496);
    registry.put(p.prefix(), p);
    RegistryFile.write(registryFile, List.copyOf(registry.values()));
    RegisteredPrefix probed = new RegisteredPrefix(Prefix.parse("198.51.100.0/24"), "", "", "", "", List.of(64496L), 24,
        List.of(), List.of(), 0, null, List.of(IpAddress.parse("198.51.100.10")));
    latency.register(List.of(probed));
    latency.recordAnswered(IpAddress.parse("198.51.100.10"), Instant.parse("2026-01-01T00:01:00Z"), java.time.Duration.ofMillis(2));
    alerts.add(alert("A1", AlertType.ORIGIN_HIJACK, AlertStatus.FIRING, "203.0.113.0/24"));
    alerts.add(alert("A2", AlertType.ROUTE_LEAK, AlertStatus.FIRING, "198.51.100.0/24"));
    alerts.add(alert("A3", AlertType.ORIGIN_HIJACK, AlertStatus.RESOLVED, "203.0.113.0/24"));
    metrics.sessionState("edge1", "established");
    views =
        ApiViews.empty()
            .withPeers(() -> List.of(new PeerStatus(new PeerId("edge1", IpAddress.parse("192.0.2.11"), 64500),
                SessionState.ESTABLISHED, java.time.Instant.now().minusSeconds(42), 10, 2,
                List.of(new Capability.FourOctetAs(64500), new Capability.RouteRefresh()), null)))
            .withRoutes((prefix, more, peer, origin, limit) -> {
              routeLimits.add(limit);
              ReceivedRoute r = new ReceivedRoute(prefix.toString(), peer == null ? "edge1" : peer, "192.0.2.11",
                  List.of(64500L, 64496L), 64496L, "igp", null, 5L, List.of("64500:1"), List.of(), null, "valid",
                  Instant.parse("2026-01-01T00:00:00Z"));
              // three routes match; the view answers at most limit of them
              return new ApiViews.RouteAnswer(java.util.Collections.nCopies(Math.min(3, limit), r), limit < 3);
            })
            .withPrefixStatus(p2 -> new PrefixStatus(List.of("edge1"), List.of(64500L, 64496L), List.of("A1"),
                org.bgpsentry.analytics.detect.IngressStatus.NOT_CONFIGURED))
            .withAlerts(() -> alerts)
            .withLatency(new LatencyRoute(latency)::get)
            .withRegistry(new ApiViews.Registry() {
              @Override
              public List<RegisteredPrefix> list() {
                return List.copyOf(registry.values());
              }

              @Override
              public void put(List<RegisteredPrefix> entries) throws IOException {
                entries.forEach(e -> registry.put(e.prefix(), e));
                RegistryFile.write(registryFile, List.copyOf(registry.values()));
              }

              @Override
              public boolean remove(Prefix prefix) throws IOException {
                boolean had = registry.remove(prefix) != null;
                RegistryFile.write(registryFile, List.copyOf(registry.values()));
                return had;
              }
            })
            .withReload(reloadProblems::get);
    server = new HttpApiServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), new HttpApi(() -> views, metrics, () -> TOKEN));
  }

  @AfterEach
  void stop() {
    server.close();
    client.close();
  }

  /** RFC 9110 §9.3.2: HEAD on any GET resource (API and status page) answers as the GET does, without a body. */
  @Test
  void headAnswersLikeGetWithoutABody() throws Exception {
    var page = new org.bgpsentry.daemon.web.StatusPage(() -> views, Clock.systemUTC());
    HttpApiServer both = new HttpApiServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
        new HttpApi(() -> views, metrics, () -> TOKEN), page::handler);
    try {
      // stable bodies: the HEAD's Content-Length is the GET's
      for (String path : List.of("/healthz", "/readyz", "/api/v1/prefixes", "/api/v1/alerts?status=firing",
          "/api/v1/routes?prefix=203.0.113.0/24", "/api/v1/latency?prefix=198.51.100.0/24&window=6h", "/",
          "/api/v1/nothing", "/api/v1/alerts?limit=0", "/api/v1/reload")) {
        URI u = URI.create("http://127.0.0.1:" + both.localAddress().getPort() + path);
        HttpResponse<String> get = send(HttpRequest.newBuilder(u));
        HttpResponse<String> head = send(HttpRequest.newBuilder(u).HEAD());
        assertThat(head.statusCode()).as(path).isEqualTo(get.statusCode());
        assertThat(head.headers().firstValue("Content-Type")).as(path).isEqualTo(get.headers().firstValue("Content-Type"));
        assertThat(head.headers().firstValue("Content-Length")).as(path)
            .isEqualTo(get.headers().firstValue("Content-Length")).hasValue(String.valueOf(get.body().length()));
        assertThat(head.headers().firstValue("Allow")).as(path).isEqualTo(get.headers().firstValue("Allow"));
        assertThat(head.body()).as(path).isEmpty();
        assertThat(get.body()).as(path).isNotEmpty();
      }
      // bodies that change between two requests: same status and type, a length, no body
      for (String path : List.of("/metrics", "/api/v1/peers", "/api/v1/routers", "/api/v1/events")) {
        URI u = URI.create("http://127.0.0.1:" + both.localAddress().getPort() + path);
        HttpResponse<String> head = send(HttpRequest.newBuilder(u).HEAD());
        assertThat(head.statusCode()).as(path).isEqualTo(200);
        assertThat(head.body()).as(path).isEmpty();
        if (!path.equals("/api/v1/events")) {
          HttpResponse<String> get = send(HttpRequest.newBuilder(u));
          assertThat(head.headers().firstValue("Content-Type")).as(path).isEqualTo(get.headers().firstValue("Content-Type"));
          assertThat(Integer.parseInt(head.headers().firstValue("Content-Length").orElseThrow())).as(path).isPositive();
        } else {
          assertThat(head.headers().firstValue("Content-Type")).hasValue("text/event-stream; charset=utf-8");
        }
      }
    } finally {
      both.close();
      page.close();
    }
  }

  private static Alert alert(String id, AlertType type, AlertStatus status, String prefix) {
    return new Alert(id, type.wireName() + "|" + prefix + "|" + prefix + "|1", type, Severity.CRITICAL, status, "s", prefix, prefix,
        "", "", "", List.of(1L), 2, List.of(3L, 2L), List.of(new PeerId("edge1", IpAddress.parse("192.0.2.11"), 64500)),
        Instant.EPOCH, Instant.EPOCH, status == AlertStatus.RESOLVED ? Instant.EPOCH : null, Map.of());
  }

  private URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + server.localAddress().getPort() + pathAndQuery);
  }

  private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return send(HttpRequest.newBuilder(uri(path)));
  }

  private HttpResponse<String> post(String path, String body, boolean auth) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (auth) {
      b.header("Authorization", "Bearer " + TOKEN);
    }
    return send(b);
  }

  private static JsonNode json(HttpResponse<String> r) throws IOException {
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    return HttpApi.MAPPER.readTree(r.body());
  }

  private static void assertError(HttpResponse<String> r, int status, String contains) throws IOException {
    assertThat(r.statusCode()).isEqualTo(status);
    assertThat(json(r).get("error").asText()).contains(contains);
  }

  @Test
  void healthAndReadiness() throws Exception {
    assertThat(get("/healthz").statusCode()).isEqualTo(200);
    assertThat(json(get("/readyz")).get("status").asText()).isEqualTo("ready");
  }

  @Test
  void metricsInPrometheusTextAndOpenMetrics() throws Exception {
    HttpResponse<String> text = get("/metrics");
    assertThat(text.statusCode()).isEqualTo(200);
    assertThat(text.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain; version=0.0.4");
    assertThat(text.body()).contains("bgpsentry_bgp_session_up{peer=\"edge1\"} 1.0");
    HttpResponse<String> om = send(HttpRequest.newBuilder(uri("/metrics")).header("Accept", "application/openmetrics-text; version=1.0.0"));
    assertThat(om.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/openmetrics-text");
    assertThat(om.body()).endsWith("# EOF\n");
  }

  @Test
  void peers() throws Exception {
    JsonNode p = json(get("/api/v1/peers")).get("peers").get(0);
    assertThat(p.get("name").asText()).isEqualTo("edge1");
    assertThat(p.get("uptime_s").asLong()).isEqualTo(42);
    assertThat(p.get("routes_ipv4").asLong()).isEqualTo(10);
    assertThat(p.get("routes_ipv6").asLong()).isEqualTo(2);
    assertThat(p.get("address").asText()).isEqualTo("192.0.2.11");
    assertThat(p.get("asn").asLong()).isEqualTo(64500);
    assertThat(p.get("state").asText()).isEqualTo("established");
    assertThat(p.get("capabilities").get(0).asText()).isEqualTo("four_octet_as");
    assertThat(p.get("capabilities").get(1).asText()).isEqualTo("route_refresh");
    assertThat(p.get("last_error").isNull()).isTrue();
  }

  @Test
  void prefixesListWithLiveStatus() throws Exception {
    JsonNode p = json(get("/api/v1/prefixes")).get("prefixes").get(0);
    assertThat(p.get("prefix").asText()).isEqualTo("203.0.113.0/24");
    assertThat(p.get("origin_asns").get(0).asLong()).isEqualTo(64496);
    assertThat(p.get("status").get("visible_peers").get(0).asText()).isEqualTo("edge1");
    assertThat(p.get("status").get("best_path").size()).isEqualTo(2);
    assertThat(p.get("status").get("open_alerts").get(0).asText()).isEqualTo("A1");
  }

  @Test
  void postAndDeletePrefixesArePersisted() throws Exception {
    HttpResponse<String> r = post("/api/v1/prefixes",
        "{\"prefixes\": [{\"prefix\": \"2001:db8::/32\", \"origin_asns\": [64497], \"customer\": \"fabrikam\", \"max_length\": 48}]}", true);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(RegistryLoader.load(registryFile)).extracting(RegisteredPrefix::prefix)
        .containsExactly(Prefix.parse("203.0.113.0/24"), Prefix.parse("2001:db8::/32"));
    HttpResponse<String> d = send(HttpRequest.newBuilder(uri("/api/v1/prefixes/2001%3Adb8%3A%3A%2F32"))
        .header("Authorization", "Bearer " + TOKEN).DELETE());
    assertThat(d.statusCode()).isEqualTo(200);
    assertThat(RegistryLoader.load(registryFile)).extracting(RegisteredPrefix::prefix).containsExactly(Prefix.parse("203.0.113.0/24"));
    HttpResponse<String> again = send(HttpRequest.newBuilder(uri("/api/v1/prefixes/2001%3Adb8%3A%3A%2F32"))
        .header("Authorization", "Bearer " + TOKEN).DELETE());
    assertError(again, 404, "not registered");
  }

  @Test
  void invalidPrefixBodyIs400WithPositions() throws Exception {
    HttpResponse<String> r = post("/api/v1/prefixes", "{\"prefixes\": [{\"prefix\": \"10.0.0.1/8\", \"origin_asns\": [1]}]}", true);
    assertError(r, 400, "request:1:26: 'prefix': prefix '10.0.0.1/8' has host bits set");
    assertError(post("/api/v1/prefixes", "{not json", true), 400, "invalid syntax");
  }

  @Test
  void mutationsNeedTheBearerToken() throws Exception {
    HttpResponse<String> r = post("/api/v1/prefixes", "{\"prefixes\": []}", false);
    assertError(r, 401, "bearer token");
    assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    assertError(send(HttpRequest.newBuilder(uri("/api/v1/prefixes/203.0.113.0%2F24")).header("Authorization", "Bearer wrong").DELETE()), 401, "bearer");
    assertError(send(HttpRequest.newBuilder(uri("/api/v1/reload")).POST(HttpRequest.BodyPublishers.noBody())), 401, "bearer");
    assertThat(registry).hasSize(1);
  }

  /**
   * docs/api.md: without a token, changes come from loopback clients only (others 403 JSON);
   * reads stay open. The client address is the connection's; here chosen, end to end over real
   * addresses in {@code LoopbackOnlyNetnsTest}.
   */
  @Test
  void withoutATokenOnlyLoopbackClientsMayChangeState() throws Exception {
    HttpApi open = new HttpApi(() -> views, metrics, () -> null);
    InetSocketAddress remote = new InetSocketAddress(InetAddress.getByName("198.51.100.2"), 40000);
    InetSocketAddress local = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 40000);
    String body = "{\"prefixes\": [{\"prefix\": \"192.0.2.0/24\", \"origin_asns\": [64496]}]}";
    java.util.function.Function<String, String> json = h -> h.equals("Content-Type") ? "application/json" : null;
    for (ApiResponse r :
        List.of(
            open.handle(remote, "DELETE", "/api/v1/prefixes/203.0.113.0%2F24", h -> null, new byte[0]),
            open.handle(remote, "POST", "/api/v1/prefixes", json, body.getBytes(StandardCharsets.UTF_8)),
            open.handle(remote, "POST", "/api/v1/reload", h -> null, new byte[0]))) {
      assertThat(r.status().code()).isEqualTo(403);
      assertThat(HttpApi.MAPPER.readTree(r.body()).get("error").asText()).contains("loopback clients only");
    }
    assertThat(registry).containsOnlyKeys(Prefix.parse("203.0.113.0/24"));
    assertThat(open.handle(remote, "GET", "/api/v1/prefixes", h -> null, new byte[0]).status().code()).isEqualTo(200);
    assertThat(open.handle(local, "POST", "/api/v1/prefixes", json, body.getBytes(StandardCharsets.UTF_8)).status().code())
        .isEqualTo(200);
    assertThat(open.handle(local, "DELETE", "/api/v1/prefixes/203.0.113.0%2F24", h -> null, new byte[0]).status().code())
        .isEqualTo(200);
    assertThat(registry).containsOnlyKeys(Prefix.parse("192.0.2.0/24"));
    // over a real loopback connection the server passes the client's address: accepted
    try (HttpApiServer loopback = new HttpApiServer(new InetSocketAddress("0.0.0.0", 0), open)) {
      HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(
              "http://127.0.0.1:" + loopback.localAddress().getPort() + "/api/v1/prefixes/192.0.2.0%2F24"))
          .DELETE());
      assertThat(r.statusCode()).isEqualTo(200);
    }
    assertThat(registry).isEmpty();
  }

  /**
   * Without a token, a loopback client is not enough when the request names another host: a
   * browser on this host sent by a web page (CSRF: its Origin) or by a DNS name rebound to
   * 127.0.0.1 (its Host) gets 403 {"error"}; loopback names pass.
   */
  @Test
  void withoutATokenChangesMustBeAddressedToALoopbackName() throws Exception {
    HttpApi open = new HttpApi(() -> views, metrics, () -> null);
    InetSocketAddress local = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 40000);
    for (Map<String, String> headers :
        List.<Map<String, String>>of(Map.of("Origin", "https://attacker.example"), Map.of("Host", "rebound.attacker.example:9180"),
            Map.of("Host", "127.0.0.1:9180", "Origin", "null"))) {
      ApiResponse r = open.handle(local, "POST", "/api/v1/reload", headers::get, new byte[0]);
      assertThat(r.status().code()).as(headers.toString()).isEqualTo(403);
      assertThat(HttpApi.MAPPER.readTree(r.body()).get("error").asText()).contains("loopback name");
    }
    for (Map<String, String> headers :
        List.<Map<String, String>>of(Map.of(), Map.of("Host", "127.0.0.1:9180"), Map.of("Host", "localhost", "Origin", "http://localhost:9180"),
            Map.of("Host", "[::1]:9180", "Origin", "http://[::1]:9180"), Map.of("Host", "127.0.1.1"))) {
      assertThat(open.handle(local, "POST", "/api/v1/reload", headers::get, new byte[0]).status().code())
          .as(headers.toString()).isEqualTo(200);
    }
    // a token makes the names irrelevant: the token is what a foreign page cannot have
    HttpApi tokened = new HttpApi(() -> views, metrics, () -> TOKEN);
    assertThat(tokened.handle(local, "POST", "/api/v1/reload",
            Map.of("Origin", "https://noc.example", "Authorization", "Bearer " + TOKEN)::get, new byte[0])
        .status().code()).isEqualTo(200);
  }

  /**
   * Issue 12 §4: a view failing on the API thread (SessionsComponent when the BGP loop does not
   * answer within 5 s) still answers the client, 503 {"error"}, and logs a line.
   */
  @Test
  void aFailingViewAnswers503AndLogs() throws Exception {
    ApiViews failing =
        views.withRoutes((prefix, more, peer, originAsn, limit) -> {
          throw new IllegalStateException("routes of peer edge1 not read within 5000 ms");
        });
    ch.qos.logback.classic.Logger logger =
        (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(HttpApiServer.class);
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs =
        new ch.qos.logback.core.read.ListAppender<>();
    logs.start();
    logger.addAppender(logs);
    try (HttpApiServer s =
        new HttpApiServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            new HttpApi(() -> failing, metrics, () -> TOKEN))) {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(
              "http://127.0.0.1:" + s.localAddress().getPort() + "/api/v1/routes?prefix=203.0.113.0/24"))
          .timeout(Duration.ofSeconds(20));
      assertError(send(b), 503, "routes of peer edge1 not read within 5000 ms");
      assertThat(send(b).statusCode()).as("the connection still serves").isEqualTo(503);
    } finally {
      logger.detachAppender(logs);
    }
    assertThat(logs.list)
        .anySatisfy(e -> assertThat(e.getFormattedMessage())
            .startsWith("HTTP GET /api/v1/routes?prefix=203.0.113.0/24 from /127.0.0.1:")
            .contains("IllegalStateException: routes of peer edge1 not read within 5000 ms"));
  }

  @Test
  void prefixParametersAreLiteralsOnly() throws Exception {
    for (String bad : List.of("..%2F..%2Fetc%2Fpasswd", "203.0.113.0%2F24%3Brm", "%2Fetc%2Fpasswd", "localhost%2F8", "203.0.113.0%2F33")) {
      HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/api/v1/prefixes/" + bad)).header("Authorization", "Bearer " + TOKEN).DELETE());
      assertThat(r.statusCode()).as(bad).isEqualTo(400);
      assertThat(json(r).get("error").asText()).as(bad).containsAnyOf("invalid prefix", "invalid prefix length");
    }
    assertError(get("/api/v1/routes?prefix=203.0.113.0%2F24%27%20OR%201%3D1"), 400, "invalid prefix");
    assertThat(Files.exists(registryFile)).isTrue();
  }

  @Test
  void routesWithFilters() throws Exception {
    JsonNode r = json(get("/api/v1/routes?prefix=203.0.113.0/24&more_specifics=true&peer=edge2")).get("routes").get(0);
    assertThat(r.get("prefix").asText()).isEqualTo("203.0.113.0/24");
    assertThat(r.get("peer").asText()).isEqualTo("edge2");
    assertThat(r.get("next_hop").asText()).isEqualTo("192.0.2.11");
    assertThat(r.get("origin_asn").asLong()).isEqualTo(64496);
    assertThat(r.get("local_pref").isNull()).isTrue();
    assertThat(r.get("large_communities").isArray()).isTrue();
    assertThat(r.get("rpki_state").asText()).isEqualTo("valid");
    assertThat(r.get("received_at").asText()).isEqualTo("2026-01-01T00:00:00Z");
    assertError(get("/api/v1/routes"), 400, "missing parameter 'prefix'");
    assertError(get("/api/v1/routes?prefix=203.0.113.0/24&more_specifics=yes"), 400, "more_specifics");
    assertError(get("/api/v1/routes?prefix=203.0.113.0/24&sort=x"), 400, "unknown parameter 'sort'");
  }

  @Test
  void routesAreBoundedByLimitAndSayWhenTruncated() throws Exception {
    JsonNode all = json(get("/api/v1/routes?prefix=0.0.0.0/0&more_specifics=true"));
    assertThat(all.get("routes").size()).isEqualTo(3);
    assertThat(all.get("truncated").asBoolean()).isFalse();
    assertThat(routeLimits).containsExactly(HttpApi.DEFAULT_ROUTE_LIMIT);

    JsonNode two = json(get("/api/v1/routes?prefix=0.0.0.0/0&more_specifics=true&limit=2"));
    assertThat(two.get("routes").size()).isEqualTo(2);
    assertThat(two.get("truncated").isBoolean()).isTrue();
    assertThat(two.get("truncated").asBoolean()).isTrue();
    assertThat(json(get("/api/v1/routes?prefix=0.0.0.0/0&limit=" + HttpApi.MAX_ROUTE_LIMIT)).get("truncated").asBoolean())
        .isFalse();
    assertThat(routeLimits).containsExactly(HttpApi.DEFAULT_ROUTE_LIMIT, 2, HttpApi.MAX_ROUTE_LIMIT);

    for (String bad : List.of("0", "-1", "abc", "1.5", "", "%20", String.valueOf(HttpApi.MAX_ROUTE_LIMIT + 1), "99999999999")) {
      assertError(get("/api/v1/routes?prefix=0.0.0.0/0&limit=" + bad), 400, "invalid limit");
    }
    assertThat(routeLimits).as("refused before any scan").hasSize(3);
  }

  @Test
  void alertsWithFilters() throws Exception {
    assertThat(json(get("/api/v1/alerts")).get("alerts").size()).isEqualTo(3);
    JsonNode firing = json(get("/api/v1/alerts?status=firing&type=origin_hijack&prefix=203.0.113.0/24&limit=5")).get("alerts");
    assertThat(firing.size()).isEqualTo(1);
    assertThat(firing.get(0).get("id").asText()).isEqualTo("A1");
    assertThat(firing.get(0).get("resolved_at").isNull()).isTrue();
    assertThat(json(get("/api/v1/alerts?status=resolved")).get("alerts").get(0).get("id").asText()).isEqualTo("A3");
    assertThat(json(get("/api/v1/alerts?limit=1")).get("alerts").size()).isEqualTo(1);
    assertError(get("/api/v1/alerts?status=open"), 400, "firing or resolved");
    assertError(get("/api/v1/alerts?type=bad"), 400, "invalid type");
    assertError(get("/api/v1/alerts?limit=-1"), 400, "invalid limit");
  }

  @Test
  void latencyBucketsUnknownPrefixAndBadWindow() throws Exception {
    JsonNode buckets = json(get("/api/v1/latency?prefix=198.51.100.0/24&window=6h")).get("buckets");
    JsonNode b = buckets.get(buckets.size() - 1);
    assertThat(b.get("start").asText()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(b.get("probes").asInt()).isEqualTo(1);
    assertThat(b.get("loss_ratio").asDouble()).isEqualTo(0.0);
    assertThat(b.get("median_ms").asDouble()).isEqualTo(2.0);
    assertError(get("/api/v1/latency?prefix=203.0.113.0/24&window=6h"), 404, "no latency report");
    assertError(get("/api/v1/latency?prefix=198.51.100.0/24&window=2h"), 400, "invalid window");
    assertError(get("/api/v1/latency?prefix=198.51.100.0/24%2F..&window=6h"), 400, "invalid prefix");
  }

  @Test
  void reloadOkAndRefused() throws Exception {
    HttpResponse<String> ok = post("/api/v1/reload", "", true);
    assertThat(ok.statusCode()).isEqualTo(200);
    reloadProblems.set(List.of("c.yml:3:5: unknown key 'x'"));
    assertError(post("/api/v1/reload", "", true), 400, "new config refused");
  }

  @Test
  void unknownPathWrongMethodWrongTypeAndOversizedBody() throws Exception {
    assertError(get("/api/v1/nothing"), 404, "no such endpoint");
    HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/api/v1/peers")).DELETE());
    assertError(r, 405, "not allowed");
    assertThat(r.headers().firstValue("Allow")).hasValue("GET, HEAD");
    HttpResponse<String> t = send(HttpRequest.newBuilder(uri("/api/v1/prefixes")).header("Authorization", "Bearer " + TOKEN)
        .header("Content-Type", "text/yaml").POST(HttpRequest.BodyPublishers.ofString("prefixes: []")));
    assertError(t, 415, "application/json");
    String big = "{\"prefixes\": [], \"pad\": \"" + "x".repeat(HttpApiServer.MAX_REQUEST_BYTES) + "\"}";
    assertError(post("/api/v1/prefixes", big, true), 413, "1 MiB");
    // The server keeps serving after refusing.
    assertThat(get("/healthz").statusCode()).isEqualTo(200);
  }

  /**
   * A client that announces an oversized body with {@code Expect: 100-continue} (curl does for
   * bodies over 1 MiB) gets the same JSON 413, not Netty's empty one, and sends no body.
   */
  @Test
  void oversizedBodyAnnouncedWithExpectContinueGetsAJson413() throws Exception {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.localAddress().getPort())) {
      s.setSoTimeout(30_000);
      s.getOutputStream().write(("POST /api/v1/prefixes HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TOKEN
              + "\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: "
              + (2 * HttpApiServer.MAX_REQUEST_BYTES) + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(response).startsWith("HTTP/1.1 413").contains("application/json", "\"error\"", "1 MiB");
    }
  }

  /**
   * A client that sends its whole oversized body before reading still gets the 413: the server
   * reads and drops the rest of the body rather than closing on unread input, which would reset
   * the connection and destroy the response before the client reads it.
   */
  @Test
  void oversizedBodySentInFullBeforeReadingStillGets413() throws Exception {
    int length = 48 * HttpApiServer.MAX_REQUEST_BYTES; // more than loopback socket buffers hold (~36 MiB)
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.localAddress().getPort())) {
      s.setSoTimeout(30_000);
      OutputStream out = s.getOutputStream();
      out.write(("POST /api/v1/prefixes HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TOKEN
              + "\r\nContent-Type: application/json\r\nContent-Length: " + length + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      byte[] chunk = new byte[64 * 1024];
      for (int sent = 0; sent < length; sent += chunk.length) {
        out.write(chunk);
      }
      out.flush();
      String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(response).startsWith("HTTP/1.1 413").contains("\"error\"", "1 MiB");
    }
  }
}
