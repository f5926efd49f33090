package org.bgpsentry.daemon.config;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bgpsentry.codec.bmp.Rib;
import org.bgpsentry.codec.model.nlri.IpAddress;

/** Reads the {@code bmp:} section of docs/operators-guide.md "Monitoring routers with BMP", with {@code file:line:col} problems. */
final class BmpConfigReader {
  private static final List<String> KEYS = List.of("listen", "routers", "detect", "stale_after");
  private static final List<String> ROUTER = List.of("name", "address", "location", "mode");
  private static final List<String> RIBS =
      java.util.Arrays.stream(Rib.values()).map(Rib::id).toList();

  private BmpConfigReader() {}

  static BmpConfig read(YNode node, Problems pr) {
    MapReader m = MapReader.of(node, pr, "bmp", KEYS);
    if (m == null) {
      return null;
    }
    List<InetSocketAddress> listen =
        m.has("listen") ? Values.hostPorts(m.get("listen"), pr, "listen", -1) : List.of();
    List<BmpConfig.Router> routers = m.has("routers") ? routers(m.get("routers"), pr) : List.of();
    if (!m.has("routers")) {
      pr.add(m.pos(), "missing required key 'routers' in bmp (expected: the routers allowed to send BMP)");
    }
    if (listen.isEmpty() && !m.has("listen") && routers.stream().noneMatch(BmpConfig.Router::active)) {
      pr.add(m.pos(), "bmp has no 'listen' and no router with mode active (expected: a listener, or routers the station connects to)");
    }
    Set<Rib> detect = EnumSet.of(Rib.ADJ_RIB_IN_PRE);
    if (m.has("detect")) {
      detect = EnumSet.noneOf(Rib.class);
      List<YNode> items = Values.list(m.get("detect"), pr, "detect", true);
      for (YNode n : items == null ? List.<YNode>of() : items) {
        String s = Values.oneOf(n, pr, "detect", RIBS);
        if (s != null) {
          detect.add(Rib.fromId(s));
        }
      }
    }
    Duration stale = BmpConfig.DEFAULT_STALE_AFTER;
    if (m.has("stale_after")) {
      Duration d = Values.duration(m.get("stale_after"), pr, "stale_after");
      stale = d == null ? stale : d;
    }
    return new BmpConfig(listen, routers, detect, stale);
  }

  private static List<BmpConfig.Router> routers(YNode node, Problems pr) {
    List<YNode> items = Values.list(node, pr, "routers", false);
    List<BmpConfig.Router> out = new ArrayList<>();
    Map<String, YNode.Pos> names = new HashMap<>();
    Map<IpAddress, YNode.Pos> addresses = new HashMap<>();
    for (YNode item : items == null ? List.<YNode>of() : items) {
      MapReader m = MapReader.of(item, pr, "router", ROUTER);
      if (m == null) {
        continue;
      }
      YNode nameNode = m.required("name");
      String name = nameNode == null ? null : name(nameNode, pr);
      if (name != null && names.putIfAbsent(name, nameNode.pos()) != null) {
        pr.add(nameNode.pos(), "duplicate router name '" + name + "' (expected: unique names; first at line "
            + names.get(name).line() + ")");
      }
      boolean active = false;
      if (m.has("mode")) {
        active = "active".equals(Values.oneOf(m.get("mode"), pr, "mode", List.of("passive", "active")));
      }
      YNode addrNode = m.required("address");
      IpAddress address = null;
      int port = 0;
      if (addrNode != null) {
        InetSocketAddress sa = Values.hostPort(addrNode, pr, "address", active ? -1 : 0);
        if (sa != null) {
          address = IpAddress.of(sa.getAddress().getAddress());
          port = active ? sa.getPort() : 0;
          if (addresses.putIfAbsent(address, addrNode.pos()) != null) {
            pr.add(addrNode.pos(), "duplicate router address " + address
                + " (expected: one router per source address; first at line " + addresses.get(address).line() + ")");
          }
        }
      }
      String location = m.has("location") ? Values.string(m.get("location"), pr, "location") : null;
      if (name != null && address != null) {
        out.add(new BmpConfig.Router(name, address, port, location, active));
      }
    }
    return out;
  }

  /** Router names prefix peer names ({@code edge1:192.0.2.1}): no ':' and no spaces. */
  private static String name(YNode n, Problems pr) {
    String s = Values.string(n, pr, "name");
    if (s != null && !s.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
      pr.add(n.pos(), "router name '" + s + "' is not allowed (expected: letters, digits, '.', '_', '-', at most 64;"
          + " it starts the names of its peers, <router>:<peer address>)");
      return null;
    }
    return s;
  }
}
