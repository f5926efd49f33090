package org.bgpsentry.daemon.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
import org.bgpsentry.daemon.metrics.BgpsentryMetrics;
import org.bgpsentry.daemon.metrics.EveryMetric;
import org.junit.jupiter.api.Test;

/** The analytics thread: events in order, tasks among them, backpressure by watermarks, drain on close. */
class AnalyticsLoopTest {
  static final PeerId PEER = new PeerId("edge1", IpAddress.parse("192.0.2.11"), 64500);
  static final Prefix REGISTERED = Prefix.parse("203.0.113.0/24");

  private final List<Alert> alerts = new CopyOnWriteArrayList<>();

  private DetectionEngine engine() {
    return new DetectionEngine(DetectionSettings.DEFAULTS,
        new PrefixRegistry(List.of(RegisteredPrefix.of(REGISTERED, 64496))), alerts::add, Clock.systemUTC(),
        new Random(1));
  }

  private static RouteEvent announce(Prefix p, long origin) {
    PathAttributes a = PathAttributes.of(new PathAttribute.Origin(OriginType.IGP),
        new PathAttribute.AsPath(List.of(AsPathSegment.sequence(64500, origin))),
        new PathAttribute.NextHop(IpAddress.parse("192.0.2.11")));
    return new RouteEvent(PEER, p, Nlri.NO_PATH_ID, a, null, EventKind.ANNOUNCE, Instant.now());
  }

  private static final AnalyticsLoop.RouteObserver NONE = new AnalyticsLoop.RouteObserver() {
    @Override
    public void beforeRoute(RouteEvent event) {}

    @Override
    public void afterRoute(RouteEvent event) {}
  };

  @Test
  void eventsAndTasksRunInOfferOrderOnOneThread() throws Exception {
    AnalyticsLoop loop = new AnalyticsLoop(engine(), Clock.systemUTC(), NONE);
    loop.start();
    List<String> threads = new CopyOnWriteArrayList<>();
    loop.offer(new PeerEvent.Established(PEER, Instant.now()));
    loop.submit(e -> threads.add(Thread.currentThread().getName()));
    loop.offer(announce(Prefix.parse("203.0.113.0/25"), 64666));
    List<Alert> firing = loop.query(DetectionEngine::firing).get(30, TimeUnit.SECONDS);
    assertThat(firing).extracting(a -> a.key()).contains("subprefix_hijack|203.0.113.0/24|203.0.113.0/25|64666");
    assertThat(threads).containsExactly("analytics");
    loop.close();
    assertThat(loop.pending()).isZero();
  }

  @Test
  void readingPausesAboveTheHighWatermarkAndResumesBelowTheLow() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    List<Boolean> reading = new CopyOnWriteArrayList<>();
    AnalyticsLoop loop = new AnalyticsLoop(engine(), Clock.systemUTC(), NONE);
    loop.backpressure(reading::add);
    BgpsentryMetrics metrics = new BgpsentryMetrics();
    metrics.bounds().analyticsQueue(loop::pending, loop::paused, loop::pauses);
    assertThat(EveryMetric.text(metrics))
        .contains("bgpsentry_analytics_queue_depth 0.0", "bgpsentry_ingest_paused 0.0", "bgpsentry_ingest_pauses_total 0.0");
    loop.start();
    loop.submit(e -> {
      try {
        release.await(); // analytics is stuck: events pile up
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
      }
    });
    RouteEvent unrelated = announce(Prefix.parse("198.51.100.0/24"), 64511);
    List<RouteEvent> batch = new ArrayList<>();
    for (int i = 0; i <= AnalyticsLoop.HIGH_WATERMARK; i++) {
      batch.add(unrelated);
    }
    batch.forEach(loop::offer);
    assertThat(reading).as("one pause, nothing dropped").containsExactly(false);
    assertThat(loop.pending()).isGreaterThan(AnalyticsLoop.HIGH_WATERMARK);
    String paused = EveryMetric.text(metrics);
    assertThat(paused).contains("bgpsentry_ingest_paused 1.0", "bgpsentry_ingest_pauses_total 1.0");
    assertThat(gauge(paused, "bgpsentry_analytics_queue_depth")).isGreaterThan(AnalyticsLoop.HIGH_WATERMARK);
    release.countDown();
    loop.query(e -> null).get(30, TimeUnit.SECONDS);
    assertThat(reading).containsExactly(false, true);
    assertThat(EveryMetric.text(metrics)).contains("bgpsentry_ingest_paused 0.0", "bgpsentry_ingest_pauses_total 1.0");
    loop.close();
  }

  /** The value of the unlabelled series {@code name} in the exposition {@code text}. */
  private static double gauge(String text, String name) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^" + name + " (\\S+)$").matcher(text);
    assertThat(m.find()).as(name).isTrue();
    return Double.parseDouble(m.group(1));
  }
}
