package org.bgpsentry.daemon.config;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bgpsentry.analytics.alert.AlertType;
import org.bgpsentry.analytics.alert.Severity;
import org.bgpsentry.analytics.event.PeerRole;
import org.bgpsentry.codec.model.nlri.Family;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.daemon.session.PeerMode;

/**
 * Reads and validates the YAML config of docs/configuration.md strictly: unknown keys, wrong types, bad
 * values, duplicate peer and webhook names, missing required keys and missing files are all
 * reported at once as {@code file:line:col: what (expected: ...)}.
 */
public final class ConfigLoader {
  private static final List<String> TOP =
      List.of(
          "bgp", "peers", "registry", "data", "rpki", "detection", "latency", "http", "state_dir",
          "alerts", "sources", "bmp", "kafka");
  /** RFC 4486 §4: the upper bound is sent as 4 octets. */
  private static final long MAX_PREFIXES = 0xffffffffL;

  /** Below the "large value" Hold Time of RFC 4271 §8.2.2 that guards the wait for OPEN. */
  private static final long MAX_DELAY_OPEN_SECONDS = 240;

  private static final List<String> BGP = List.of("listen", "local_asn", "router_id", "hold_time");
  private static final List<String> PEER =
      List.of(
          "name", "address", "remote_asn", "mode", "md5_password", "role", "families", "hold_time",
          "max_prefixes", "delay_open", "location");
  private static final List<String> WEBHOOK =
      List.of("name", "url", "format", "secret_file", "min_severity", "types", "headers", "resend_interval");
  private static final List<String> FAMILIES = List.of("ipv4-unicast", "ipv6-unicast");
  private static final List<String> ROLES =
      java.util.Arrays.stream(PeerRole.values()).map(PeerRole::wireName).toList();
  private static final List<String> SEVERITIES = List.of("info", "warning", "critical");
  /** Headers java.net.http sets itself and refuses from callers. */
  private static final List<String> RESTRICTED_HEADERS =
      List.of("connection", "content-length", "expect", "host", "upgrade");
  private static final List<String> FORMATS =
      List.of("json", "slack", "teams", "alertmanager", "pagerduty");

  private ConfigLoader() {}

  /** Loads {@code file}; {@code purpose} decides whether {@code bgp} and {@code peers} are needed. */
  public static BgpsentryConfig load(Path file, BgpsentryConfig.Purpose purpose)
      throws ConfigException {
    Path abs = file.toAbsolutePath().normalize();
    Problems pr = new Problems(file.toString());
    YNode root = YamlTree.parseFile(abs, pr);
    if (root == null) {
      pr.throwIfAny();
    }
    BgpsentryConfig cfg = parse(abs, root, purpose, pr);
    pr.throwIfAny();
    return cfg;
  }

  private static BgpsentryConfig parse(
      Path file, YNode root, BgpsentryConfig.Purpose purpose, Problems pr) {
    Path dir = file.getParent();
    MapReader top = MapReader.of(root, pr, "the config", TOP);
    if (top == null) {
      return null;
    }
    RisLiveConfig risLive = top.has("sources") ? RisLiveConfig.parseSources(top.get("sources"), pr, dir) : null;
    BmpConfig bmp = top.has("bmp") ? BmpConfigReader.read(top.get("bmp"), pr) : null;
    // docs/cli.md: run needs bgp and peers, or a source of routes (sources, bmp) instead
    boolean otherSource =
        top.has("bmp") || (top.has("sources") && RisLiveConfig.given(top.get("sources")));
    KafkaConfig kafka = top.has("kafka") ? KafkaSection.read(top.get("kafka"), pr, file.toString()) : null;
    boolean detector = kafka != null && kafka.role() == KafkaConfig.Role.DETECTOR;
    if (detector) {
      noSourcesInDetector(top, pr);
    }
    // a Kafka detector needs none of them (docs/scaling.md)
    boolean run = purpose == BgpsentryConfig.Purpose.RUN && !detector && (!otherSource || top.has("bgp"));
    YNode bgpNode = run ? top.required("bgp") : top.get("bgp");
    BgpConfig bgp = bgpNode == null ? null : bgp(bgpNode, pr);
    YNode peersNode = run ? top.required("peers") : top.get("peers");
    List<PeerConfig> peers = peersNode == null ? List.of() : peers(peersNode, pr);

    Path registry = null;
    if (top.has("registry")) {
      MapReader r = MapReader.of(top.get("registry"), pr, "registry", List.of("file"));
      if (r != null && r.required("file") != null) {
        registry = Values.existingFile(r.get("file"), pr, "file", dir);
      }
    } else if (purpose == BgpsentryConfig.Purpose.REPLAY) {
      top.required("registry");
    } else if (kafka != null) {
      pr.add(top.get("kafka").pos(), "'kafka' is set but 'registry' is not (expected: registry.file, where this"
          + " daemon keeps the registry it shares with the others through " + kafka.topicPrefix() + ".registry)");
    }
    Path asRel = null;
    if (top.has("data")) {
      MapReader d = MapReader.of(top.get("data"), pr, "data", List.of("as_relationships"));
      if (d != null && d.has("as_relationships")) {
        asRel = Values.existingFile(d.get("as_relationships"), pr, "as_relationships", dir);
      }
    }
    RpkiConfig rpki = top.has("rpki") ? rpki(top.get("rpki"), pr, dir) : RpkiConfig.DEFAULT;
    DetectionConfig detection =
        top.has("detection") ? detection(top.get("detection"), pr) : DetectionConfig.DEFAULT;
    LatencyConfig latency =
        top.has("latency") ? latency(top.get("latency"), pr) : LatencyConfig.DEFAULT;
    HttpConfig http =
        top.has("http") ? http(top.get("http"), pr, dir) : new HttpConfig(HttpConfig.DEFAULT_LISTEN, null);
    Path stateDir = dir.resolve("state");
    if (top.has("state_dir")) {
      String s = Values.string(top.get("state_dir"), pr, "state_dir");
      stateDir = s == null ? stateDir : dir.resolve(s).normalize();
    }
    List<WebhookConfig> webhooks = List.of();
    if (top.has("alerts")) {
      MapReader a = MapReader.of(top.get("alerts"), pr, "alerts", List.of("webhooks"));
      if (a != null && a.has("webhooks")) {
        webhooks = webhooks(a.get("webhooks"), pr, dir);
      }
    }
    return new BgpsentryConfig(
        file, bgp, peers, registry, asRel, rpki, detection, latency, http, stateDir, webhooks, risLive, bmp, kafka);
  }

  /** docs/scaling.md: a detector has no sources of its own; sessions configured there would be ignored. */
  private static void noSourcesInDetector(MapReader top, Problems pr) {
    for (String key : List.of("bgp", "peers", "sources")) {
      if (top.has(key)) {
        pr.add(top.get(key).pos(), "'" + key + "' is set but kafka.role is detector, which has no sources"
            + " (expected: no '" + key + "' here; sessions belong in a collector's or standalone daemon's config)");
      }
    }
  }

  private static BgpConfig bgp(YNode node, Problems pr) {
    MapReader m = MapReader.of(node, pr, "bgp", BGP);
    if (m == null) {
      return null;
    }
    List<InetSocketAddress> listen = new ArrayList<>();
    if (m.has("listen")) {
      listen.addAll(Values.hostPorts(m.get("listen"), pr, "listen", BgpConfig.BGP_PORT));
    } else {
      listen.add(new InetSocketAddress(BgpConfig.BGP_PORT));
    }
    YNode asnNode = m.required("local_asn");
    Long asn = asnNode == null ? null : Values.asn(asnNode, pr, "local_asn", 1);
    YNode ridNode = m.required("router_id");
    IpAddress rid = ridNode == null ? null : Values.address(ridNode, pr, "router_id");
    if (rid != null && rid.ipv6()) {
      pr.add(ridNode.pos(), "'router_id' is '" + rid + "' (expected: an IPv4 address, RFC 6286)");
    }
    Duration hold = m.has("hold_time") ? holdTime(m.get("hold_time"), pr) : BgpConfig.DEFAULT_HOLD_TIME;
    if (asn == null || rid == null || hold == null) {
      return null;
    }
    return new BgpConfig(listen, asn, rid, hold);
  }

  /** RFC 4271 §4.2: zero or at least three seconds, at most 65535. */
  private static Duration holdTime(YNode n, Problems pr) {
    Duration d = Values.duration(n, pr, "hold_time");
    if (d != null && !d.isZero() && (d.toSeconds() < 3 || d.toSeconds() > 65535)) {
      pr.add(n.pos(), "'hold_time' is " + d.toSeconds() + "s (expected: 0 or 3s..65535s, RFC 4271 §4.2)");
      return null;
    }
    return d;
  }

  private static List<PeerConfig> peers(YNode node, Problems pr) {
    List<YNode> items = Values.list(node, pr, "peers", false);
    List<PeerConfig> out = new ArrayList<>();
    Map<String, YNode.Pos> names = new HashMap<>();
    Map<IpAddress, YNode.Pos> addresses = new HashMap<>();
    for (YNode item : items == null ? List.<YNode>of() : items) {
      MapReader m = MapReader.of(item, pr, "peer", PEER);
      if (m == null) {
        continue;
      }
      YNode nameNode = m.required("name");
      String name = nameNode == null ? null : Values.string(nameNode, pr, "name");
      if (name != null && name.isBlank()) {
        pr.add(nameNode.pos(), "'name' is empty (expected: a name such as edge1)");
        name = null;
      }
      if (name != null && (name.startsWith("ris:") || name.startsWith("mrt:"))) {
        pr.add(nameNode.pos(), "peer name '" + name + "' (expected: a name not starting with ris: or mrt:,"
            + " which name RIS Live and MRT peers)");
      }
      unique(names, name, nameNode, pr, "peer name");
      YNode addrNode = m.required("address");
      IpAddress address = null;
      int port = BgpConfig.BGP_PORT;
      if (addrNode != null) {
        InetSocketAddress sa = Values.hostPort(addrNode, pr, "address", BgpConfig.BGP_PORT);
        if (sa != null && sa.getPort() == 0) {
          pr.add(addrNode.pos(), "'address' has port 0 (expected: the peer's BGP port 1..65535, or no port for 179)");
        } else if (sa != null) {
          address = IpAddress.of(sa.getAddress().getAddress());
          port = sa.getPort();
          if (addresses.putIfAbsent(address, addrNode.pos()) != null) {
            pr.add(
                addrNode.pos(),
                "duplicate peer address " + address + " (expected: one peer per address; first at line "
                    + addresses.get(address).line() + ")");
          }
        }
      }
      YNode asnNode = m.required("remote_asn");
      Long asn = asnNode == null ? null : Values.asn(asnNode, pr, "remote_asn", 1);
      PeerMode mode = PeerMode.PASSIVE;
      if (m.has("mode")) {
        String s = Values.oneOf(m.get("mode"), pr, "mode", List.of("passive", "active"));
        mode = "active".equals(s) ? PeerMode.ACTIVE : PeerMode.PASSIVE;
      }
      String md5 = m.has("md5_password") ? md5(m.get("md5_password"), pr) : null;
      PeerRole role = null;
      if (m.has("role")) {
        String s = Values.oneOf(m.get("role"), pr, "role", ROLES);
        role = s == null ? null : PeerRole.parse(s);
      }
      Set<Family> families = Set.of(Family.IPV4_UNICAST, Family.IPV6_UNICAST);
      if (m.has("families")) {
        families = families(m.get("families"), pr);
      }
      Duration hold = m.has("hold_time") ? holdTime(m.get("hold_time"), pr) : null;
      Map<Family, Long> maxPrefixes =
          m.has("max_prefixes") && families != null ? maxPrefixes(m.get("max_prefixes"), pr, families) : Map.of();
      Duration delayOpen = m.has("delay_open") ? delayOpen(m.get("delay_open"), pr) : Duration.ZERO;
      String location = m.has("location") ? Values.string(m.get("location"), pr, "location") : null;
      if (name != null && address != null && asn != null && families != null && maxPrefixes != null
          && delayOpen != null) {
        out.add(new PeerConfig(name, address, port, asn, mode, md5, role, families, hold, maxPrefixes, delayOpen,
            location == null || location.isEmpty() ? null : location));
      }
    }
    return out;
  }

  /**
   * {@code max_prefixes}: one limit for each of the peer's families, or a mapping family -> limit
   * (families left out have none). The limit is the RFC 4486 §4 upper bound, 4 octets.
   */
  private static Map<Family, Long> maxPrefixes(YNode n, Problems pr, Set<Family> families) {
    if (n instanceof YNode.YScalar) {
      Long limit = Values.integer(n, pr, "max_prefixes", 1, MAX_PREFIXES);
      if (limit == null) {
        return null;
      }
      Map<Family, Long> out = new LinkedHashMap<>();
      families.forEach(f -> out.put(f, limit));
      return out;
    }
    if (!(n instanceof YNode.YMap map)) {
      pr.add(n.pos(), "'max_prefixes' is " + n.kind() + " (expected: an integer 1.." + MAX_PREFIXES
          + " or a mapping such as {ipv4-unicast: 1200000, ipv6-unicast: 300000})");
      return null;
    }
    Map<Family, Long> out = new LinkedHashMap<>();
    boolean ok = true;
    for (YNode.Entry e : map.entries().values()) {
      if (!FAMILIES.contains(e.key()) || !families.contains(Family.parse(e.key()))) {
        pr.add(e.keyPos(), "'max_prefixes' has family '" + e.key() + "' (expected: one of the peer's families "
            + families.stream().map(Family::toString).sorted().toList() + ")");
        ok = false;
        continue;
      }
      Long limit = Values.integer(e.value(), pr, "max_prefixes." + e.key(), 1, MAX_PREFIXES);
      if (limit == null) {
        ok = false;
        continue;
      }
      out.put(Family.parse(e.key()), limit);
    }
    return ok ? out : null;
  }

  /** {@code delay_open}: RFC 4271 §8.1.1 DelayOpenTime, 0 (off) up to the 240 s OPEN hold time. */
  private static Duration delayOpen(YNode n, Problems pr) {
    Duration d = Values.duration(n, pr, "delay_open");
    if (d != null && d.toSeconds() > MAX_DELAY_OPEN_SECONDS) {
      pr.add(n.pos(), "'delay_open' is " + d.toSeconds() + "s (expected: 0 (off) or 1s.."
          + MAX_DELAY_OPEN_SECONDS + "s, RFC 4271 §8.1.1)");
      return null;
    }
    return d;
  }

  /** Records {@code name} as seen; a second sighting is a problem naming the first. */
  private static void unique(Map<String, YNode.Pos> seen, String name, YNode at, Problems pr, String what) {
    if (name != null && seen.putIfAbsent(name, at.pos()) != null) {
      pr.add(at.pos(), "duplicate " + what + " '" + name + "' (expected: unique names; first at line "
          + seen.get(name).line() + ")");
    }
  }

  /** RFC 2385 keys are at most 80 bytes. */
  private static String md5(YNode n, Problems pr) {
    String s = Values.string(n, pr, "md5_password");
    if (s != null && (s.isEmpty() || s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 80)) {
      pr.add(n.pos(), "'md5_password' has " + s.length() + " characters (expected: 1..80 bytes, RFC 2385)");
      return null;
    }
    return s;
  }

  private static Set<Family> families(YNode n, Problems pr) {
    List<YNode> items = Values.list(n, pr, "families", false);
    if (items == null) {
      return null;
    }
    Set<Family> out = new LinkedHashSet<>();
    for (YNode item : items) {
      String s = Values.oneOf(item, pr, "families", FAMILIES);
      if (s == null) {
        return null;
      }
      out.add(Family.parse(s));
    }
    if (out.isEmpty()) {
      pr.add(n.pos(), "'families' is empty (expected: ipv4-unicast and/or ipv6-unicast)");
      return null;
    }
    return out;
  }

  private static RpkiConfig rpki(YNode node, Problems pr, Path dir) {
    MapReader m = MapReader.of(node, pr, "rpki", List.of("vrp_file", "rtr", "stale_after"));
    if (m == null) {
      return RpkiConfig.DEFAULT;
    }
    Path vrp = m.has("vrp_file") ? Values.existingFile(m.get("vrp_file"), pr, "vrp_file", dir) : null;
    InetSocketAddress rtr = m.has("rtr") ? Values.hostPort(m.get("rtr"), pr, "rtr", -1) : null;
    if (rtr != null && rtr.getPort() == 0) {
      pr.add(m.get("rtr").pos(), "'rtr' has port 0 (expected: the RPKI cache's port 1..65535, such as 3323)");
      rtr = null;
    }
    Duration stale =
        m.has("stale_after") ? positive(m.get("stale_after"), pr, "stale_after") : RpkiConfig.DEFAULT.staleAfter();
    return new RpkiConfig(vrp, rtr, stale);
  }

  private static Duration positive(YNode n, Problems pr, String key) {
    Duration d = Values.duration(n, pr, key);
    if (d != null && d.isZero()) {
      pr.add(n.pos(), "'" + key + "' is 0 (expected: a duration above zero)");
      return null;
    }
    return d;
  }

  private static DetectionConfig detection(YNode node, Problems pr) {
    MapReader m =
        MapReader.of(
            node, pr, "detection", List.of("min_peers", "max_path_length", "resolve_after", "repeat_interval"));
    DetectionConfig d = DetectionConfig.DEFAULT;
    if (m == null) {
      return d;
    }
    // Long.valueOf: with a bare int the conditional would unbox a null (a bad value) and throw
    Long minPeers =
        m.has("min_peers")
            ? Values.integer(m.get("min_peers"), pr, "min_peers", 1, 10_000)
            : Long.valueOf(d.minPeers());
    Long maxLen =
        m.has("max_path_length")
            ? Values.integer(m.get("max_path_length"), pr, "max_path_length", 1, 255)
            : Long.valueOf(d.maxPathLength());
    Duration resolve = m.has("resolve_after") ? Values.duration(m.get("resolve_after"), pr, "resolve_after") : d.resolveAfter();
    Duration repeat =
        m.has("repeat_interval") ? Values.duration(m.get("repeat_interval"), pr, "repeat_interval") : d.repeatInterval();
    if (minPeers == null || maxLen == null || resolve == null || repeat == null) {
      return d;
    }
    return new DetectionConfig(minPeers.intValue(), maxLen.intValue(), resolve, repeat);
  }

  private static LatencyConfig latency(YNode node, Problems pr) {
    MapReader m =
        MapReader.of(node, pr, "latency", List.of("interval", "method", "ports", "timeout", "degrade_ratio"));
    LatencyConfig d = LatencyConfig.DEFAULT;
    if (m == null) {
      return d;
    }
    Duration interval = m.has("interval") ? positive(m.get("interval"), pr, "interval") : d.interval();
    String method = m.has("method") ? Values.oneOf(m.get("method"), pr, "method", List.of("tcp")) : d.method();
    List<Integer> ports = d.ports();
    if (m.has("ports")) {
      List<YNode> items = Values.list(m.get("ports"), pr, "ports", false);
      List<Integer> ps = new ArrayList<>();
      for (YNode item : items == null ? List.<YNode>of() : items) {
        Long p = Values.integer(item, pr, "ports", 1, 65535);
        if (p != null) {
          ps.add(p.intValue());
        }
      }
      if (items != null && items.isEmpty()) {
        pr.add(m.get("ports").pos(), "'ports' is empty (expected: at least one TCP port)");
      }
      ports = ps;
    }
    Duration timeout = m.has("timeout") ? positive(m.get("timeout"), pr, "timeout") : d.timeout();
    Double ratio =
        m.has("degrade_ratio")
            ? Values.number(m.get("degrade_ratio"), pr, "degrade_ratio", 1.0)
            : Double.valueOf(d.degradeRatio());
    if (interval == null || method == null || timeout == null || ratio == null) {
      return d;
    }
    return new LatencyConfig(interval, method, ports, timeout, ratio);
  }

  private static HttpConfig http(YNode node, Problems pr, Path dir) {
    MapReader m = MapReader.of(node, pr, "http", List.of("listen", "token_file"));
    if (m == null) {
      return new HttpConfig(HttpConfig.DEFAULT_LISTEN, null);
    }
    InetSocketAddress listen =
        m.has("listen") ? Values.hostPort(m.get("listen"), pr, "listen", -1) : HttpConfig.DEFAULT_LISTEN;
    String token = m.has("token_file") ? Values.fileContents(m.get("token_file"), pr, "token_file", dir) : null;
    return new HttpConfig(listen == null ? HttpConfig.DEFAULT_LISTEN : listen, token);
  }

  private static List<WebhookConfig> webhooks(YNode node, Problems pr, Path dir) {
    List<YNode> items = Values.list(node, pr, "webhooks", false);
    List<WebhookConfig> out = new ArrayList<>();
    Map<String, YNode.Pos> names = new HashMap<>();
    for (YNode item : items == null ? List.<YNode>of() : items) {
      MapReader m = MapReader.of(item, pr, "webhook", WEBHOOK);
      if (m == null) {
        continue;
      }
      YNode nameNode = m.required("name");
      String name = nameNode == null ? null : webhookName(nameNode, pr);
      unique(names, name, nameNode, pr, "webhook name");
      YNode urlNode = m.required("url");
      URI url = urlNode == null ? null : url(urlNode, pr);
      YNode formatNode = m.required("format");
      String f = formatNode == null ? null : Values.oneOf(formatNode, pr, "format", FORMATS);
      WebhookConfig.Format format = f == null ? null : WebhookConfig.Format.valueOf(f.toUpperCase(java.util.Locale.ROOT));
      String secret = m.has("secret_file") ? Values.fileContents(m.get("secret_file"), pr, "secret_file", dir) : null;
      if (secret != null && format != null
          && format != WebhookConfig.Format.JSON && format != WebhookConfig.Format.PAGERDUTY) {
        pr.add(
            m.get("secret_file").pos(),
            "'secret_file' is not used by format " + f + " (expected: json (HMAC key) or pagerduty (routing key))");
      }
      if (format == WebhookConfig.Format.PAGERDUTY && !m.has("secret_file")) {
        pr.add(m.pos(), "missing required key 'secret_file' in webhook (expected: the PagerDuty routing key file for format pagerduty)");
      }
      Severity min = Severity.INFO;
      if (m.has("min_severity")) {
        String s = Values.oneOf(m.get("min_severity"), pr, "min_severity", SEVERITIES);
        min = s == null ? min : Severity.parse(s);
      }
      Set<AlertType> types = EnumSet.noneOf(AlertType.class);
      if (m.has("types")) {
        List<YNode> ts = Values.list(m.get("types"), pr, "types", false);
        if (ts != null && ts.isEmpty()) {
          pr.add(m.get("types").pos(), "'types' is empty (expected: one or more alert types; leave 'types' out for all)");
        }
        List<String> allowed = java.util.Arrays.stream(AlertType.values()).map(AlertType::wireName).toList();
        for (YNode t : ts == null ? List.<YNode>of() : ts) {
          String s = Values.oneOf(t, pr, "types", allowed);
          if (s != null) {
            types.add(AlertType.parse(s));
          }
        }
      }
      Map<String, String> headers = new LinkedHashMap<>();
      if (m.has("headers")) {
        YNode.YMap hm = Values.map(m.get("headers"), pr, "headers");
        for (YNode.Entry e : hm == null ? List.<YNode.Entry>of() : hm.entries().values()) {
          if (!e.key().matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
            pr.add(e.keyPos(), "header name '" + e.key() + "' is not a token (expected: RFC 9110 §5.1 field name)");
            continue;
          }
          if (RESTRICTED_HEADERS.contains(e.key().toLowerCase(java.util.Locale.ROOT))) {
            pr.add(e.keyPos(), "header '" + e.key() + "' is set by the HTTP client (expected: another header)");
            continue;
          }
          String v = Values.string(e.value(), pr, e.key());
          if (v != null && (v.indexOf('\r') >= 0 || v.indexOf('\n') >= 0)) {
            pr.add(e.value().pos(), "header '" + e.key() + "' contains a line break (expected: one line)");
          } else if (v != null) {
            headers.put(e.key(), v);
          }
        }
      }
      java.time.Duration resend = WebhookConfig.DEFAULT_RESEND_INTERVAL;
      if (m.has("resend_interval")) {
        java.time.Duration d = Values.duration(m.get("resend_interval"), pr, "resend_interval");
        if (d != null && format != null && format != WebhookConfig.Format.ALERTMANAGER) {
          pr.add(m.get("resend_interval").pos(), "'resend_interval' is not used by format " + f + " (expected: alertmanager)");
        } else if (d != null && !d.isPositive()) {
          pr.add(m.get("resend_interval").pos(), "'resend_interval' is 0 (expected: a positive duration such as 1m)");
        } else if (d != null) {
          resend = d;
        }
      }
      if (name != null && url != null && format != null) {
        out.add(new WebhookConfig(name, url, format, secret, min, types, headers, resend));
      }
    }
    return out;
  }

  /** Webhook names name outbox directories and metric labels: keep them file-name safe. */
  private static String webhookName(YNode n, Problems pr) {
    String s = Values.string(n, pr, "name");
    if (s != null && !s.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
      pr.add(n.pos(), "webhook name '" + s + "' is not allowed (expected: letters, digits, '.', '_', '-', at most 64)");
      return null;
    }
    return s;
  }

  private static URI url(YNode n, Problems pr) {
    return Values.url(n, pr, "url", "http", "https");
  }
}
