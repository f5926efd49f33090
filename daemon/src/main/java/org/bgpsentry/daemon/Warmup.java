package org.bgpsentry.daemon;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
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
import org.bgpsentry.daemon.alert.AlertJson;
import org.bgpsentry.daemon.alert.webhook.WebhookFormatter;
import org.bgpsentry.daemon.config.WebhookConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the alert path once at start-up, off every thread that matters, so the first real alert
 * does not pay for class loading: a throwaway engine raises and resolves a documentation-range
 * hijack (RFC 5737, RFC 5398 ASNs) into a list, each configured webhook format renders it (nothing
 * is sent), and {@code java.net.http} makes one request to the daemon's own {@code /healthz}.
 * On a cold JVM this takes the first alert from about a second to a few milliseconds.
 */
final class Warmup {
  private static final Logger LOG = LoggerFactory.getLogger(Warmup.class);

  private Warmup() {}

  /** Runs in a background daemon thread; failures are logged and otherwise harmless. */
  static void start(List<WebhookConfig> webhooks, InetSocketAddress api) {
    Thread.ofPlatform().daemon().name("warmup").start(() -> {
      long t0 = System.nanoTime();
      try {
        List<Alert> alerts = hijack();
        for (Alert a : alerts) {
          AlertJson.write(a);
          for (WebhookConfig w : webhooks) {
            WebhookFormatter.of(w).render(a);
          }
        }
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
          URI u = URI.create("http://" + api.getAddress().getHostAddress() + ":" + api.getPort() + "/healthz");
          client.send(HttpRequest.newBuilder(u).timeout(Duration.ofSeconds(2)).build(),
              HttpResponse.BodyHandlers.discarding());
        }
        LOG.debug("alert path warmed up in {} ms", (System.nanoTime() - t0) / 1_000_000);
      } catch (Exception e) {
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
