package org.bgpsentry.daemon.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.bgpsentry.analytics.alert.Alert;
import org.bgpsentry.analytics.alert.AlertStatus;
import org.bgpsentry.analytics.alert.AlertType;
import org.bgpsentry.analytics.prefix.RegisteredPrefix;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.bgpsentry.daemon.alert.AlertJson;
import org.bgpsentry.daemon.config.ConfigError;
import org.bgpsentry.daemon.config.ConfigException;
import org.bgpsentry.daemon.config.RegistryFile;
import org.bgpsentry.daemon.config.RegistryLoader;
import org.bgpsentry.daemon.metrics.BgpsentryMetrics;

/**
 * The routes of docs/api.md, independent of the transport: method, URI, headers and body in,
 * {@link ApiResponse} out. Query parameters are checked strictly (unknown ones are refused) and
 * prefixes are parsed as literals only, so no parameter reaches a file name or a query.
 */
public final class HttpApi {
  static final ObjectMapper MAPPER =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .registerModule(
              new SimpleModule("rfc3339").addSerializer(java.time.Instant.class, ToStringSerializer.instance));
  private static final String PREFIXES = "/api/v1/prefixes";
  private static final Pattern PREFIX_TEXT = Pattern.compile("[0-9A-Fa-f:.]{2,39}/\\d{1,3}");
  static final int DEFAULT_ALERT_LIMIT = 1000;
  static final int DEFAULT_ROUTE_LIMIT = 10_000;
  static final int MAX_ROUTE_LIMIT = 100_000;

  private final Supplier<ApiViews> views;
  private final BgpsentryMetrics metrics;
  private final Supplier<String> token;

  /**
   * @param views read on every request, so a reload can swap them
   * @param token the bearer token, read on every request; null = mutations need none
   */
  public HttpApi(Supplier<ApiViews> views, BgpsentryMetrics metrics, Supplier<String> token) {
    this.views = views;
    this.metrics = metrics;
    this.token = token;
  }

  /**
   * One request from {@code client} (the peer address of the connection; without a token, only a
   * loopback client may change state). {@code headers} look-up is case-insensitive (the caller's
   * job).
   */
  public ApiResponse handle(
      SocketAddress client, String method, String uri, java.util.function.Function<String, String> header, byte[] body) {
    int q = uri.indexOf('?');
    String path = q < 0 ? uri : uri.substring(0, q);
    Map<String, String> params;
    try {
      params = query(q < 0 ? "" : uri.substring(q + 1));
      return route(method, path, params, client, header, body);
    } catch (ApiResponse.Failure f) {
      return f.response();
    }
  }

  private ApiResponse route(
      String method,
      String path,
      Map<String, String> params,
      SocketAddress client,
      java.util.function.Function<String, String> header,
      byte[] body)
      throws ApiResponse.Failure {
    ApiViews v = views.get();
    switch (path) {
      case "/healthz" -> {
        allow(method, "GET");
        noParams(params);
        String failure = v.health().failure();
        return failure == null ? ApiResponse.ok(Map.of("status", "ok")) : failed(failure);
      }
      case "/readyz" -> {
        allow(method, "GET");
        noParams(params);
        String failure = v.health().failure();
        if (failure != null) {
          return failed(failure);
        }
        return v.ready().getAsBoolean()
            ? ApiResponse.ok(Map.of("status", "ready"))
            : ApiResponse.json(HttpResponseStatus.SERVICE_UNAVAILABLE, Map.of("status", "starting"));
      }
      case "/metrics" -> {
        allow(method, "GET");
        BgpsentryMetrics.Scrape s = metrics.scrape(header.apply("Accept"));
        return new ApiResponse(HttpResponseStatus.OK, s.contentType(), Map.of(), s.body());
      }
      case "/api/v1/peers" -> {
        allow(method, "GET");
        noParams(params);
        List<org.bgpsentry.daemon.session.PeerStatus> peers = v.peers().peers();
        java.time.Instant now = java.time.Instant.now(); // after the snapshot: uptime never negative
        return ApiResponse.ok(Map.of("peers", peers.stream().map(s -> PeerJson.of(s, now)).toList()));
      }
      case "/api/v1/routers" -> {
        allow(method, "GET");
        noParams(params);
        return ApiResponse.ok(Map.of("routers", v.routers().routers()));
      }
      case PREFIXES -> {
        allow(method, "GET", "POST");
        noParams(params);
        if (method.equals("GET")) {
          return listPrefixes(v);
        }
        authorize(client, header);
        return postPrefixes(v, header, body);
      }
      case "/api/v1/routes" -> {
        allow(method, "GET");
        known(params, "prefix", "more_specifics", "peer", "origin_asn", "limit");
        long origin = originAsn(params.get("origin_asn"));
        // origin_asn alone: every route of that origin, in every table
        Prefix p = origin >= 0 && !params.containsKey("prefix") ? null : prefix(required(params, "prefix"));
        boolean more = bool(params.getOrDefault("more_specifics", "false"), "more_specifics");
        int limit = limit(params, DEFAULT_ROUTE_LIMIT, MAX_ROUTE_LIMIT);
        ApiViews.RouteAnswer answer = v.routes().routes(p, more, params.get("peer"), origin, limit);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("routes", answer.routes());
        m.put("truncated", answer.truncated());
        return ApiResponse.ok(m);
      }
      case "/api/v1/alerts" -> {
        allow(method, "GET");
        return ApiResponse.ok(Map.of("alerts", alerts(v, params)));
      }
      case "/api/v1/latency" -> {
        allow(method, "GET");
        known(params, "prefix", "window");
        Prefix p = prefix(required(params, "prefix"));
        LatencyRoute.Response r = v.latency().get(p.toString(), params.get("window"));
        return ApiResponse.json(HttpResponseStatus.valueOf(r.status()), r.body());
      }
      case "/api/v1/reload" -> {
        allow(method, "POST");
        noParams(params);
        authorize(client, header);
        List<String> problems = v.reload().reload();
        if (!problems.isEmpty()) {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("error", "new config refused, the running one stays: " + problems.getFirst());
          m.put("problems", problems);
          return ApiResponse.json(HttpResponseStatus.BAD_REQUEST, m);
        }
        return ApiResponse.ok(Map.of("reloaded", true));
      }
      default -> {
        if (path.startsWith(PREFIXES + "/")) {
          allow(method, "DELETE");
          noParams(params);
          authorize(client, header);
          return deletePrefix(v, path.substring(PREFIXES.length() + 1));
        }
        throw new ApiResponse.Failure(HttpResponseStatus.NOT_FOUND, "no such endpoint: " + path);
      }
    }
  }

  /** 503 {"status": "failed", "error": why}: the process runs but no longer works. */
  private static ApiResponse failed(String failure) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status", "failed");
    m.put("error", failure);
    return ApiResponse.json(HttpResponseStatus.SERVICE_UNAVAILABLE, m);
  }

  private ApiResponse listPrefixes(ApiViews v) {
    List<RegisteredPrefix> reg = v.registry().list();
    List<Map<String, Object>> out = new ArrayList<>();
    for (RegisteredPrefix p : reg == null ? List.<RegisteredPrefix>of() : reg) {
      Map<String, Object> m = RegistryFile.toMap(p);
      PrefixStatus s = v.prefixStatus().status(p.prefix());
      m.put("status", s == null ? PrefixStatus.UNKNOWN : s);
      java.util.OptionalDouble median = v.latency().median15mMillis(p.prefix());
      m.put("latency_median_15m_ms", median.isPresent() ? median.getAsDouble() : null);
      out.add(m);
    }
    return ApiResponse.ok(Map.of("prefixes", out));
  }

  private ApiResponse postPrefixes(ApiViews v, java.util.function.Function<String, String> header, byte[] body)
      throws ApiResponse.Failure {
    requireJson(header);
    List<RegisteredPrefix> entries;
    try {
      entries = RegistryLoader.parseJson(new String(body, StandardCharsets.UTF_8), "request");
    } catch (ConfigException e) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("error", e.errors().getFirst().toString());
      m.put("problems", e.errors().stream().map(ConfigError::toString).toList());
      return ApiResponse.json(HttpResponseStatus.BAD_REQUEST, m);
    }
    registryConfigured(v);
    try {
      v.registry().put(entries);
    } catch (IOException e) {
      return ApiResponse.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "registry not saved: " + e.getMessage());
    }
    return ApiResponse.ok(Map.of("prefixes", entries.stream().map(RegistryFile::toMap).toList()));
  }

  private ApiResponse deletePrefix(ApiViews v, String encoded) throws ApiResponse.Failure {
    String text;
    try {
      text = URLDecoder.decode(encoded, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new ApiResponse.Failure(HttpResponseStatus.BAD_REQUEST, "invalid URL encoding (expected: a URL-encoded prefix)");
    }
    Prefix p = prefix(text);
    registryConfigured(v);
    try {
      if (!v.registry().remove(p)) {
        throw new ApiResponse.Failure(HttpResponseStatus.NOT_FOUND, "prefix " + p + " is not registered");
      }
    } catch (IOException e) {
      return ApiResponse.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "registry not saved: " + e.getMessage());
    }
    return ApiResponse.ok(Map.of("deleted", p.toString()));
  }

  private static void registryConfigured(ApiViews v) throws ApiResponse.Failure {
    if (v.registry().list() == null) {
      throw new ApiResponse.Failure(HttpResponseStatus.NOT_FOUND, "no registry configured (expected: registry.file in the config)");
    }
  }

  private ArrayNode alerts(ApiViews v, Map<String, String> params) throws ApiResponse.Failure {
    known(params, "status", "type", "prefix", "limit");
    AlertStatus status = null;
    if (params.containsKey("status")) {
      String s = params.get("status");
      status = switch (s) {
        case "firing" -> AlertStatus.FIRING;
        case "resolved" -> AlertStatus.RESOLVED;
        default -> throw new ApiResponse.Failure(HttpResponseStatus.BAD_REQUEST, "invalid status '" + s + "' (expected: firing or resolved)");
      };
    }
    AlertType type = null;
    if (params.containsKey("type")) {
      type = AlertType.parse(params.get("type"));
      if (type == null) {
        throw new ApiResponse.Failure(HttpResponseStatus.BAD_REQUEST, "invalid type '" + params.get("type") + "' (expected: an alert type such as origin_hijack)");
      }
    }
    String prefix = params.containsKey("prefix") ? prefix(params.get("prefix")).toString() : null;
    int limit = limit(params, DEFAULT_ALERT_LIMIT, 999_999);
    ArrayNode out = MAPPER.createArrayNode();
    for (Alert a : v.alerts().alerts()) {
      if (out.size() >= limit) {
        break;
      }
      if ((status == null || a.status() == status)
          && (type == null || a.type() == type)
          && (prefix == null || prefix.equals(a.prefix()) || prefix.equals(a.registeredPrefix()))) {
        ObjectNode n = AlertJson.toNode(a);
        out.add(n);
      }
    }
    return out;
  }

  // --- request checks ---

  /** The {@code origin_asn} parameter: an AS number 0..4294967295, or -1 when absent. */
  private static long originAsn(String v) throws ApiResponse.Failure {
    if (v == null) {
      return -1;
    }
    if (!v.matches("\\d{1,10}") || Long.parseLong(v) > 0xffffffffL) {
      throw new ApiResponse.Failure(HttpResponseStatus.BAD_REQUEST,
          "invalid origin_asn '" + printable(v) + "' (expected: an AS number 0..4294967295)");
    }
    return Long.parseLong(v);
  }

  /** The {@code limit} parameter: 1..{@code max}, {@code fallback} when absent. */
  private static int limit(Map<String, String> params, int fallback, int max) throws ApiResponse.Failure {
    String l = params.get("limit");
    if (l == null) {
      return fallback;
    }
    if (!l.matches("\\d{1,7}") || Integer.parseInt(l) < 1 || Integer.parseInt(l) > max) {
      throw new ApiResponse.Failure(HttpResponseStatus.BAD_REQUEST,
          "invalid limit '" + printable(l) + "' (expected: an integer 1.." + max + ")");
    }
    return Integer.parseInt(l);
  }

  private static void allow(String method, String... allowed) throws ApiResponse.Failure {
    for (String a : allowed) {
      if (a.equals(method)) {
        return;
      }
    }
    // RFC 9110 §15.5.6: a 405 lists the allowed methods; HEAD goes wherever GET does (§9.3.2).
    String allow = String.join(", ", allowed).replace("GET", "GET, HEAD");
    throw new ApiResponse.Failure(HttpResponseStatus.METHOD_NOT_ALLOWED,
        "method " + method + " not allowed (expected: " + allow + ")", "Allow", allow);
  }

  /**
   * docs/api.md: with a token, a mutating call needs it; without one, it must come from a
   * loopback client ({@link LoopbackClients}), else 403.
   */
  private void authorize(SocketAddress client, java.util.function.Function<String, String> header)
      throws ApiResponse.Failure {
    String t = token.get();
    if (t == null) {
      if (!LoopbackClients.isLoopback(client)) {
        throw new ApiResponse.Failure(HttpResponseStatus.FORBIDDEN,
            "changes are accepted from loopback clients only when no http.token_file is set"
                + " (expected: a request from this host, or a token_file and its bearer token)");
      }
      // a browser on this host sent here by another site (CSRF, DNS rebinding) is no loopback client
      if (!LoopbackClients.namesLoopback(header.apply("Host")) || !LoopbackClients.namesLoopback(header.apply("Origin"))) {
        throw new ApiResponse.Failure(HttpResponseStatus.FORBIDDEN,
            "without http.token_file, changes are accepted only when addressed to this host by a loopback"
                + " name (expected: Host and Origin such as 127.0.0.1, [::1] or localhost, or a token_file and"
                + " its bearer token)");
      }
      return;
    }
    String auth = header.apply("Authorization");
    byte[] want = ("Bearer " + t).getBytes(StandardCharsets.UTF_8);
    if (auth == null || !MessageDigest.isEqual(want, auth.getBytes(StandardCharsets.UTF_8))) {
      // RFC 6750 §3: the challenge names the scheme.
      throw new ApiResponse.Failure(HttpResponseStatus.UNAUTHORIZED,
          "missing or wrong bearer token (expected: Authorization: Bearer <token from http.token_file>)",
          "WWW-Authenticate", "Bearer realm=\"bgpsentry\"");
    }
  }

  private static void requireJson(java.util.function.Function<String, String> header) throws ApiResponse.Failure {
    String ct = header.apply("Content-Type");
    String base = ct == null ? "" : ct.split(";", 2)[0].strip().toLowerCase(java.util.Locale.ROOT);
    if (!base.equals("application/json")) {
      throw new ApiResponse.Failure(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE,
          "content type '" + (ct == null ? "" : ct) + "' not supported (expected: application/json)");
    }
  }

  private static Map<String, String> query(String q) throws ApiResponse.Failure {
    Map<String, String> out = new LinkedHashMap<>();
    if (q.isEmpty()) {
      return out;
    }
    for (String pair : q.split("&", -1)) {
      int eq = pair.indexOf('=');
      try {
        String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        if (out.put(k, v) != null) {
          throw new ApiResponse.Failure(HttpResponseStatus.BAD_REQUEST, "parameter '" + k + "' given twice (expected: once)");
        }
      } catch (IllegalArgumentException e) {
        throw new ApiResponse.Failure(HttpResponseStatus.BAD_REQUEST, "invalid URL encoding in the query (expected: RFC 3986 percent-encoding)");
      }
    }
    return out;
  }

  private static void noParams(Map<String, String> params) throws ApiResponse.Failure {
    known(params);
  }

  private static void known(Map<String, String> params, String... names) throws ApiResponse.Failure {
    Set<String> allowed = Set.of(names);
    for (String k : params.keySet()) {
      if (!allowed.contains(k)) {
        throw new ApiResponse.Failure(HttpResponseStatus.BAD_REQUEST,
            "unknown parameter '" + k + "' (expected: " + (names.length == 0 ? "none" : String.join(", ", names)) + ")");
      }
    }
  }

  private static String required(Map<String, String> params, String name) throws ApiResponse.Failure {
    String v = params.get(name);
    if (v == null || v.isEmpty()) {
      throw new ApiResponse.Failure(HttpResponseStatus.BAD_REQUEST, "missing parameter '" + name + "' (expected: " + name + "=...)");
    }
    return v;
  }

  /** A literal prefix only: hex digits, dots, colons, a slash and a length. */
  static Prefix prefix(String text) throws ApiResponse.Failure {
    if (!PREFIX_TEXT.matcher(text).matches()) {
      throw new ApiResponse.Failure(HttpResponseStatus.BAD_REQUEST,
          "invalid prefix '" + printable(text) + "' (expected: a prefix such as 203.0.113.0/24 or 2001:db8::/32)");
    }
    try {
      return Prefix.parse(text);
    } catch (IllegalArgumentException e) {
      throw new ApiResponse.Failure(HttpResponseStatus.BAD_REQUEST, e.getMessage());
    }
  }

  private static String printable(String s) {
    String cut = s.length() > 64 ? s.substring(0, 64) + "..." : s;
    return cut.replaceAll("[^\\x20-\\x7e]", "?");
  }

  private static boolean bool(String s, String name) throws ApiResponse.Failure {
    return switch (s) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new ApiResponse.Failure(HttpResponseStatus.BAD_REQUEST, "invalid " + name + " '" + printable(s) + "' (expected: true or false)");
    };
  }
}
