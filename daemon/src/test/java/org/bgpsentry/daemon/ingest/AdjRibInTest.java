package org.bgpsentry.daemon.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bgpsentry.analytics.event.EventKind;
import org.bgpsentry.analytics.event.PeerEvent;
import org.bgpsentry.analytics.event.PeerId;
import org.bgpsentry.analytics.event.RouteEvent;
import org.bgpsentry.analytics.rib.AttributeInterner;
import org.bgpsentry.codec.error.DecodeIssue;
import org.bgpsentry.codec.error.ErrorAction;
import org.bgpsentry.codec.error.NotificationError;
import org.bgpsentry.codec.error.UpdateResult;
import org.bgpsentry.codec.model.OpaqueBytes;
import org.bgpsentry.codec.model.Update;
import org.bgpsentry.codec.model.attr.AsPathSegment;
import org.bgpsentry.codec.model.attr.OriginType;
import org.bgpsentry.codec.model.attr.PathAttribute;
import org.bgpsentry.codec.model.attr.PathAttributes;
import org.bgpsentry.codec.model.attr.SegmentType;
import org.bgpsentry.codec.model.nlri.Family;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.model.nlri.Nlri;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.bgpsentry.codec.wire.DecodeContext;
import org.bgpsentry.codec.wire.UpdateCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The ingest seam as a source other than a BGP session uses it (a BMP view, a RIS Live peer): no
 * FSM, no channel; only {@link AdjRibIn} calls and what its listener sees.
 */
class AdjRibInTest {
  private static final PeerId PEER = new PeerId("view1", IpAddress.parse("192.0.2.9"), 64500);
  private static final Set<Family> BOTH = Set.of(Family.IPV4_UNICAST, Family.IPV6_UNICAST);

  /** Its event loop runs the deadlines when the test advances time. */
  private final EmbeddedChannel timers = new EmbeddedChannel();

  private final List<Object> events = new ArrayList<>();
  private final Map<String, RouteEvent> routes = new LinkedHashMap<>();
  private final List<ErrorAction> errors = new ArrayList<>();
  private final List<PeerEvent> peerEvents = new ArrayList<>();
  private final AdjRibIn ingest =
      new AdjRibIn(
          PEER,
          new AttributeInterner(),
          new IngestListener() {
            @Override
            public void onRouteEvent(RouteEvent e) {
              events.add(e.kind() + " " + e.prefix());
              if (e.kind() == EventKind.ANNOUNCE || e.kind() == EventKind.REPLACE) {
                routes.put(e.prefix().toString(), e);
              } else {
                routes.remove(e.prefix().toString());
              }
            }

            @Override
            public void onPeerEvent(PeerEvent e) {
              events.add(e.getClass().getSimpleName());
              peerEvents.add(e);
            }

            @Override
            public void onUpdateError(PeerId peer, ErrorAction action, DecodeIssue issue) {
              errors.add(action);
            }
          },
          timers.eventLoop(),
          Clock.systemUTC());

  @AfterEach
  void close() {
    timers.finishAndReleaseAll();
  }

  private static PathAttributes attrs() {
    return PathAttributes.of(
        new PathAttribute.Origin(OriginType.IGP),
        new PathAttribute.AsPath(
            List.of(new AsPathSegment(SegmentType.AS_SEQUENCE, new int[] {64500, 3333}))),
        new PathAttribute.NextHop(IpAddress.parse("192.0.2.1")));
  }

  private static List<Nlri> nlri(String... prefixes) {
    return Stream.of(prefixes).map(p -> Nlri.of(Prefix.parse(p))).toList();
  }

  private static UpdateResult announce(String... prefixes) {
    return UpdateResult.ok(new Update(List.of(), attrs(), nlri(prefixes)));
  }

  private static UpdateResult withdraw(String... prefixes) {
    return UpdateResult.ok(new Update(nlri(prefixes), PathAttributes.EMPTY, List.of()));
  }

  private void advance(Duration d) {
    timers.advanceTimeBy(d.toNanos(), TimeUnit.NANOSECONDS);
    timers.runScheduledPendingTasks();
  }

  /** The source's local AS rides on Established: route_leak's after_asn when the leaker leads the path. */
  @Test
  void establishedCarriesTheReceivingAs() {
    ingest.up(BOTH, Set.of(), Duration.ofMinutes(6), 64512);
    assertThat(peerEvents).singleElement().isInstanceOfSatisfying(PeerEvent.Established.class, e -> {
      assertThat(e.peer()).isEqualTo(PEER);
      assertThat(e.receivingAsn()).isEqualTo(64512);
    });
  }

  @Test
  void routesAreTakenOnlyWhileUpAndDownEmitsDownBeforeItsPeerDownEvents() {
    assertThat(ingest.apply(announce("203.0.113.0/24"))).isEqualTo(IngestOutcome.APPLIED);
    assertThat(routes).as("before up(): ignored").isEmpty();

    ingest.up(BOTH, Set.of(), Duration.ofMinutes(6), -1);
    ingest.apply(announce("203.0.113.0/24", "198.51.100.0/24"));
    ingest.apply(withdraw("198.51.100.0/24"));
    ingest.down("router lost");

    assertThat(events)
        .containsExactly(
            "Established",
            "ANNOUNCE 203.0.113.0/24",
            "ANNOUNCE 198.51.100.0/24",
            "WITHDRAW 198.51.100.0/24",
            "Down",
            "PEER_DOWN 203.0.113.0/24");
    assertThat(ingest.rib().size()).isZero();
    assertThat(ingest.families()).isEmpty();
  }

  @Test
  void oneDecodePerUpdateTheEventCarriesTheSetDecodedFromTheWire() {
    ingest.up(BOTH, Set.of(), Duration.ofMinutes(6), -1);
    ByteBuf body = Unpooled.buffer();
    UpdateCodec.encode(announce("203.0.113.0/24").update(), DecodeContext.FOUR_OCTET_AS, body);
    ReceivedUpdate received = ReceivedUpdate.decode(body, DecodeContext.FOUR_OCTET_AS);
    body.release();
    assertThat(received.nlriAttributes()).as("the stored set, cut in the same walk").isNotNull();

    ingest.apply(received);

    assertThat(routes.get("203.0.113.0/24").attributes())
        .as("the very records of the UPDATE's decoding, not a second decoding of the stored set")
        .isSameAs(received.result().update().attributes());
  }

  @Test
  void rfc7606_2_treatAsWithdrawRemovesTheRoutesAndReportsEachIssue() {
    ingest.up(BOTH, Set.of(), Duration.ofMinutes(6), -1);
    ingest.apply(announce("203.0.113.0/24"));
    DecodeIssue bad =
        new DecodeIssue(
            NotificationError.INVALID_ORIGIN_ATTRIBUTE,
            "ORIGIN 7",
            OpaqueBytes.EMPTY,
            ErrorAction.TREAT_AS_WITHDRAW);

    IngestOutcome o =
        ingest.apply(
            new UpdateResult(
                new Update(List.of(), attrs(), nlri("203.0.113.0/24")),
                ErrorAction.TREAT_AS_WITHDRAW,
                List.of(bad)));

    assertThat(o).isEqualTo(IngestOutcome.APPLIED);
    assertThat(routes).isEmpty();
    assertThat(errors).containsExactly(ErrorAction.TREAT_AS_WITHDRAW);
  }

  /** An UPDATE body from hex, decoded as a session decodes it. */
  private static ReceivedUpdate wire(String hex) {
    ByteBuf body = Unpooled.wrappedBuffer(java.util.HexFormat.of().parseHex(hex.replace(" ", "")));
    try {
      return ReceivedUpdate.decode(body, DecodeContext.FOUR_OCTET_AS);
    } finally {
      body.release();
    }
  }

  @Test
  void rfc7606_2_afiSafiDisableWithdrawsTheFamilyAndIgnoresItUntilTheNextUp_rfc4760_7() {
    ingest.up(BOTH, Set.of(), Duration.ofMinutes(6), -1);
    ingest.apply(announce("203.0.113.0/24", "198.51.100.0/24"));
    // An UPDATE whose one attribute is an MP_REACH_NLRI for IPv4 unicast with a next hop of 5
    // octets (RFC 7606 §7.11): nothing is left of it once decoded, yet it is no End-of-RIB.
    ReceivedUpdate bad = wire("0000 0010 800e0d 0001 01 05 c000020101 00 10c000");
    assertThat(bad.result().action()).isEqualTo(ErrorAction.AFI_SAFI_DISABLE);

    ingest.apply(bad);
    ingest.apply(announce("192.0.2.0/24"));

    assertThat(events).as("no End-of-RIB").doesNotContain("EndOfRib");
    assertThat(routes).as("the family's routes withdrawn, a later one ignored").isEmpty();
    assertThat(ingest.families()).containsExactly(Family.IPV6_UNICAST);
    assertThat(errors).containsExactly(ErrorAction.AFI_SAFI_DISABLE);

    ingest.down("session reset");
    ingest.up(BOTH, Set.of(), Duration.ofMinutes(6), -1);
    ingest.apply(announce("192.0.2.0/24"));
    assertThat(routes).as("a new session takes the family again").containsOnlyKeys("192.0.2.0/24");
  }

  @Test
  void rfc4724_2_anUpdateLeftEmptyByAMalformedAttributeIsNoEndOfRib() {
    ingest.up(BOTH, Set.of(), Duration.ofMinutes(6), -1);
    ingest.apply(announce("203.0.113.0/24"));
    ingest.down("restart", Set.of(Family.IPV4_UNICAST), Duration.ofMinutes(2));
    ingest.up(BOTH, Set.of(Family.IPV4_UNICAST), Duration.ofMinutes(6), -1);
    events.clear();

    // ORIGIN 7 (RFC 7606 §7.1, treat-as-withdraw) and nothing else: decoded, no attribute is left
    ingest.apply(wire("0000 0004 40010107"));

    assertThat(events).as("the stale route stays until the real End-of-RIB").isEmpty();
    assertThat(routes).containsOnlyKeys("203.0.113.0/24");
    ingest.apply(wire("0000 0000"));
    assertThat(events).containsExactly("EndOfRib", "PEER_DOWN 203.0.113.0/24");
  }

  @Test
  void sessionResetIsReturnedWithItsCauseAndAppliesNothing() {
    ingest.up(BOTH, Set.of(), Duration.ofMinutes(6), -1);
    DecodeIssue reset =
        new DecodeIssue(
            NotificationError.MALFORMED_ATTRIBUTE_LIST,
            "bad framing",
            OpaqueBytes.EMPTY,
            ErrorAction.SESSION_RESET);

    IngestOutcome o =
        ingest.apply(
            new UpdateResult(
                new Update(List.of(), attrs(), nlri("203.0.113.0/24")),
                ErrorAction.SESSION_RESET,
                List.of(reset)));

    assertThat(o).isEqualTo(new IngestOutcome.SessionReset(reset));
    assertThat(routes).isEmpty();
    assertThat(errors).containsExactly(ErrorAction.SESSION_RESET);
  }

  @Test
  void rfc4486_aRouteBeyondMaxPrefixesIsRefusedAndReportedAndTheIngestGoesOn() {
    ingest.up(BOTH, Set.of(), Duration.ofMinutes(6), -1);
    assertThat(ingest.maxPrefixes(Map.of(Family.IPV4_UNICAST, 2L))).isNull();

    IngestOutcome o = ingest.apply(announce("203.0.113.0/24", "198.51.100.0/24", "192.0.2.0/24"));

    assertThat(o).isEqualTo(new IngestOutcome.PrefixLimitReached(Family.IPV4_UNICAST, 3, 2));
    assertThat(routes).containsOnlyKeys("203.0.113.0/24", "198.51.100.0/24");
    // A BMP view counts and goes on: a withdrawal makes room again.
    ingest.apply(withdraw("203.0.113.0/24"));
    assertThat(ingest.apply(announce("192.0.2.0/24"))).isEqualTo(IngestOutcome.APPLIED);
    assertThat(routes).containsOnlyKeys("198.51.100.0/24", "192.0.2.0/24");
    assertThat(ingest.maxPrefixes(Map.of(Family.IPV4_UNICAST, 1L)))
        .as("a tighter limit than what is held")
        .isEqualTo(new IngestOutcome.PrefixLimitReached(Family.IPV4_UNICAST, 2, 1));
  }

  @Test
  void staleRoutesNotSentAgainGoAtEndOfRibAndTheOthersAtTheDeadline() {
    ingest.up(BOTH, Set.of(), Duration.ofMinutes(6), -1);
    ingest.apply(announce("203.0.113.0/24", "198.51.100.0/24"));
    ingest.apply(
        UpdateResult.ok(
            new Update(
                List.of(),
                PathAttributes.of(
                    new PathAttribute.Origin(OriginType.IGP),
                    new PathAttribute.AsPath(List.of()),
                    new PathAttribute.MpReachNlri(
                        Family.IPV6_UNICAST,
                        List.of(IpAddress.parse("2001:db8::1")),
                        OpaqueBytes.EMPTY,
                        nlri("2001:db8:1::/48"),
                        OpaqueBytes.EMPTY)),
                List.of())));
    assertThat(routes).hasSize(3);

    // A BMP router's connection is lost: its routes stay stale until it sends them again.
    ingest.staleUntilEndOfRib(BOTH, Duration.ofSeconds(30));
    ingest.apply(announce("203.0.113.0/24"));
    ingest.apply(UpdateResult.ok(Update.endOfRib(Family.IPV4_UNICAST)));
    assertThat(routes)
        .as("IPv4 End-of-RIB: the route not sent again goes; IPv6 still waits")
        .containsOnlyKeys("203.0.113.0/24", "2001:db8:1::/48");
    assertThat(events).contains("EndOfRib", "PEER_DOWN 198.51.100.0/24");

    advance(Duration.ofSeconds(29));
    assertThat(routes).hasSize(2);
    advance(Duration.ofSeconds(1));
    assertThat(routes).as("deadline: the IPv6 stale route goes").containsOnlyKeys("203.0.113.0/24");
  }

  @Test
  void rfc4724_4_2_downKeepsTheRestartingFamiliesStaleAndFlushesTheOthers() {
    ingest.up(BOTH, Set.of(), Duration.ofMinutes(6), -1);
    ingest.apply(announce("203.0.113.0/24", "198.51.100.0/24"));

    ingest.down("hold timer expired", Set.of(Family.IPV4_UNICAST), Duration.ofSeconds(120));
    assertThat(routes).hasSize(2);
    ingest.up(BOTH, Set.of(Family.IPV4_UNICAST), Duration.ofMinutes(6), -1);
    ingest.apply(announce("198.51.100.0/24"));
    ingest.apply(UpdateResult.ok(Update.endOfRib(Family.IPV4_UNICAST)));

    assertThat(routes).containsOnlyKeys("198.51.100.0/24");
    assertThat(events)
        .containsSubsequence("Down", "Established", "EndOfRib", "PEER_DOWN 203.0.113.0/24");
  }

  @Test
  void rfc7313_4_refreshSweepsWhatWasNotSentAgainAndItsLogLinesAreRateLimited() {
    Logger logger = (Logger) LoggerFactory.getLogger(AdjRibIn.class);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    logger.addAppender(logs);
    try {
      ingest.up(BOTH, Set.of(), Duration.ofMinutes(6), -1);
      ingest.apply(announce("203.0.113.0/24", "198.51.100.0/24"));
      assertThat(ingest.beginRefresh(Family.IPV4_UNICAST, Duration.ofMinutes(6))).isTrue();
      ingest.apply(announce("203.0.113.0/24"));
      assertThat(ingest.endRefresh(Family.IPV4_UNICAST)).isTrue();
      assertThat(routes).containsOnlyKeys("203.0.113.0/24");
      assertThat(ingest.endRefresh(Family.IPV4_UNICAST)).as("no BoRR before it").isFalse();

      // A peer sending BoRR/EoRR in a loop: one line per interval, not one per message.
      for (int i = 0; i < 1_000; i++) {
        ingest.beginRefresh(Family.IPV4_UNICAST, Duration.ofMinutes(6));
        ingest.endRefresh(Family.IPV4_UNICAST);
      }
      String self = Thread.currentThread().getName();
      assertThat(logs.list).filteredOn(e -> e.getThreadName().equals(self)).hasSizeLessThan(10);
      assertThat(routes).as("not sent again within the first refresh").isEmpty();
    } finally {
      logger.detachAppender(logs);
    }
  }
}
