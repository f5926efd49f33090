package org.bgpsentry.daemon;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bgpsentry.analytics.alert.Alert;
import org.bgpsentry.analytics.detect.DetectionEngine;
import org.bgpsentry.analytics.detect.DetectionSettings;
import org.bgpsentry.analytics.event.EventKind;
import org.bgpsentry.analytics.event.PeerEvent;
import org.bgpsentry.analytics.event.PeerId;
import org.bgpsentry.analytics.event.RouteEvent;
import org.bgpsentry.analytics.prefix.PrefixRegistry;
import org.bgpsentry.analytics.prefix.RegisteredPrefix;
import org.bgpsentry.codec.model.attr.AsPathSegment;
import org.bgpsentry.codec.model.attr.OriginType;
import org.bgpsentry.codec.model.attr.PathAttribute;
import org.bgpsentry.codec.model.attr.PathAttributes;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.model.nlri.Nlri;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the detection path once at start-up, off every thread that matters, so the first real
 * alert does not pay for class loading: a throwaway engine raises and resolves a
 * documentation-range hijack (RFC 5737 prefix, RFC 5398 ASNs) into a list. (The dispatcher warms
 * the JSON, webhook formats and HTTP client itself.)
 */
final class Warmup {
  private static final Logger LOG = LoggerFactory.getLogger(Warmup.class);

  private Warmup() {}

  /** Runs in a background daemon thread; failures are logged and otherwise harmless. */
  static void start() {
    Thread.ofPlatform().daemon().name("warmup").start(() -> {
      long t0 = System.nanoTime();
      try {
        int n = hijack().size();
        LOG.debug("detection path warmed up in {} ms ({} transitions)", (System.nanoTime() - t0) / 1_000_000, n);
      } catch (RuntimeException e) {
        LOG.debug("warm-up failed (harmless): {}", e.toString());
      }
    });
  }

  private static List<Alert> hijack() {
    List<Alert> out = new ArrayList<>();
    Instant now = Instant.now();
    RegisteredPrefix reg = RegisteredPrefix.of(Prefix.parse("192.0.2.0/24"), 64496);
    DetectionEngine e = new DetectionEngine(DetectionSettings.DEFAULTS, new PrefixRegistry(List.of(reg)),
        out::add, Clock.systemUTC(), new Random());
    PeerId peer = new PeerId("warmup", IpAddress.parse("198.51.100.1"), 64500);
    PathAttributes attrs = PathAttributes.of(
        new PathAttribute.Origin(OriginType.IGP),
        new PathAttribute.AsPath(List.of(AsPathSegment.sequence(64500, 64511))),
        new PathAttribute.NextHop(IpAddress.parse("198.51.100.1")));
    Prefix more = Prefix.parse("192.0.2.0/25");
    e.onPeer(new PeerEvent.Established(peer, now));
    e.onRoute(new RouteEvent(peer, more, Nlri.NO_PATH_ID, attrs, null, EventKind.ANNOUNCE, now));
    e.onRoute(new RouteEvent(peer, more, Nlri.NO_PATH_ID, null, attrs, EventKind.WITHDRAW, now));
    return out;
  }
}
