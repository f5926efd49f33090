package org.bgpsentry.daemon.alert;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bgpsentry.analytics.alert.Alert;
import org.bgpsentry.analytics.alert.AlertStatus;
import org.bgpsentry.analytics.alert.AlertType;
import org.bgpsentry.analytics.alert.Severity;
import org.bgpsentry.daemon.alert.webhook.JsonWebhook;
import org.bgpsentry.daemon.config.WebhookConfig;
import org.bgpsentry.daemon.metrics.BgpsentryMetrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** docs/operators-guide.md "Webhooks": each format's body as its receiver documents it, filters, outage recovery. */
class WebhookDeliveryTest {
  private static final DeliveryPolicy FAST =
      new DeliveryPolicy(Duration.ofMillis(100), Duration.ofMillis(800), Duration.ofHours(24), Duration.ofSeconds(5));
  /** Generous: a loaded machine may be slow, a wait only ends early. */
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path state;
  private Receiver receiver;
  private BgpsentryMetrics metrics;
  private AlertDispatcher dispatcher;

  @BeforeEach
  void start() throws IOException {
    receiver = new Receiver();
    metrics = new BgpsentryMetrics();
    dispatcher = new AlertDispatcher(state, metrics, FAST, Clock.systemUTC());
  }

  @AfterEach
  void stop() throws IOException {
    dispatcher.close();
    receiver.close();
  }

  private WebhookConfig hook(String name, WebhookConfig.Format f, String path, String secret) {
    return new WebhookConfig(name, receiver.uri(path), f, secret, Severity.INFO, Set.of(), Map.of("X-Team", "noc"));
  }

  private List<JsonNode> deliverBoth(WebhookConfig w) throws Exception {
    dispatcher.configure(List.of(w));
    dispatcher.accept(TestAlerts.youtube("ID1", AlertStatus.FIRING));
    dispatcher.accept(TestAlerts.youtube("ID1", AlertStatus.RESOLVED));
    Receiver.await(() -> receiver.posts.size() == 2, WAIT, "two posts");
    List<JsonNode> out = new java.util.ArrayList<>();
    for (Receiver.Post p : receiver.posts) {
      assertThat(p.header("Content-Type")).isEqualTo("application/json");
      assertThat(p.header("X-Team")).isEqualTo("noc");
      out.add(AlertJson.MAPPER.readTree(p.body()));
    }
    return out;
  }

  @Test
  void jsonBodyIsTheAlertSignedWithHmacSha256() throws Exception {
    List<JsonNode> bodies = deliverBoth(hook("noc", WebhookConfig.Format.JSON, "/hooks/bgp", "k3y"));
    Receiver.Post first = receiver.posts.getFirst();
    assertThat(first.path()).isEqualTo("/hooks/bgp");
    assertThat(first.body()).isEqualTo(AlertJson.write(TestAlerts.youtube("ID1", AlertStatus.FIRING)));
    assertThat(first.header("X-Bgpsentry-Signature-256")) // the name is contract (docs/alerts.md)
        .isEqualTo("sha256=" + JsonWebhook.hmacSha256Hex("k3y", first.body()))
        .matches("sha256=[0-9a-f]{64}");
    assertThat(bodies.get(1).get("status").asText()).isEqualTo("resolved");
    assertThat(bodies.get(1).get("id").asText()).isEqualTo("ID1");
  }

  @Test
  void rfc2104HmacSha256KnownAnswer() {
    // RFC 4231 §4.3 test case 2.
    assertThat(JsonWebhook.hmacSha256Hex("Jefe", "what do ya want for nothing?".getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
        .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  }

  @Test
  void slackBodyIsBlockKit() throws Exception {
    JsonNode b = deliverBoth(hook("s", WebhookConfig.Format.SLACK, "/services/T/B/X", null)).getFirst();
    assertThat(b.get("text").asText()).startsWith("[FIRING] subprefix_hijack (critical) 208.65.153.0/24");
    JsonNode blocks = b.get("blocks");
    assertThat(blocks.get(0).get("type").asText()).isEqualTo("header");
    assertThat(blocks.get(0).get("text").get("type").asText()).isEqualTo("plain_text");
    assertThat(blocks.get(1).get("text").get("type").asText()).isEqualTo("mrkdwn");
    assertThat(blocks.get(1).get("text").get("text").asText()).contains("originated by AS17557");
    assertThat(blocks.get(2).get("fields").size()).isBetween(1, 10);
    assertThat(blocks.get(2).get("fields").get(0).get("text").asText()).isEqualTo("*Registered prefix*\n208.65.152.0/22");
    assertThat(blocks.get(3).get("type").asText()).isEqualTo("context");
  }

  @Test
  void teamsBodyIsAnAdaptiveCardMessage() throws Exception {
    List<JsonNode> bodies = deliverBoth(hook("t", WebhookConfig.Format.TEAMS, "/workflows/x", null));
    JsonNode b = bodies.getFirst();
    assertThat(b.get("type").asText()).isEqualTo("message");
    JsonNode att = b.get("attachments").get(0);
    assertThat(att.get("contentType").asText()).isEqualTo("application/vnd.microsoft.card.adaptive");
    JsonNode card = att.get("content");
    assertThat(card.get("type").asText()).isEqualTo("AdaptiveCard");
    assertThat(card.get("version").asText()).isEqualTo("1.4");
    assertThat(card.get("$schema").asText()).isEqualTo("http://adaptivecards.io/schemas/adaptive-card.json");
    assertThat(card.get("body").get(0).get("type").asText()).isEqualTo("TextBlock");
    assertThat(card.get("body").get(2).get("type").asText()).isEqualTo("FactSet");
    assertThat(card.get("body").get(2).get("facts").get(0).get("title").asText()).isEqualTo("Registered prefix");
    assertThat(bodies.get(1).get("attachments").get(0).get("content").get("body").get(0).get("color").asText()).isEqualTo("Good");
  }

  @Test
  void alertmanagerGetsAPostableAlertsArrayWithEndsAtOnResolve() throws Exception {
    List<JsonNode> bodies = deliverBoth(hook("am", WebhookConfig.Format.ALERTMANAGER, "/am/", null));
    assertThat(receiver.posts.getFirst().path()).isEqualTo("/am/api/v2/alerts");
    JsonNode firing = bodies.get(0);
    assertThat(firing.isArray()).isTrue();
    JsonNode f = firing.get(0);
    assertThat(f.get("labels").get("alertname").asText()).isEqualTo("subprefix_hijack");
    assertThat(f.get("labels").get("key").asText()).isEqualTo("subprefix_hijack|208.65.152.0/22|208.65.153.0/24|17557");
    assertThat(f.get("annotations").get("summary").asText()).contains("AS17557");
    assertThat(f.get("startsAt").asText()).isEqualTo("2008-02-24T18:47:45Z");
    java.time.Instant firingEnds = java.time.Instant.parse(f.get("endsAt").asText()); // now + 4 x resend_interval
    assertThat(firingEnds).isBetween(
        receiver.posts.getFirst().at().plus(Duration.ofMinutes(4)).minusSeconds(5),
        receiver.posts.getFirst().at().plus(Duration.ofMinutes(4)).plusSeconds(5));
    JsonNode r = bodies.get(1).get(0);
    assertThat(r.get("labels")).isEqualTo(f.get("labels"));
    assertThat(r.get("endsAt").asText()).isEqualTo("2008-02-24T20:47:45Z");
  }

  /**
   * As Prometheus re-sends firing alerts: every resend_interval the firing alert is posted again
   * with its startsAt and endsAt = now + 4 x the interval, not through the outbox; after the
   * resolve (endsAt = resolution time) it is not refreshed again.
   */
  @Test
  void alertmanagerRefreshesFiringAlertsUntilTheResolve() throws Exception {
    Duration every = Duration.ofMillis(200);
    dispatcher.configure(List.of(new WebhookConfig("am", receiver.uri("/am"), WebhookConfig.Format.ALERTMANAGER,
        null, Severity.INFO, Set.of(), Map.of(), every)));
    Alert a = TestAlerts.numbered(1, AlertStatus.FIRING);
    dispatcher.accept(a);
    Receiver.await(() -> postsOf(a.key()).size() >= 4, WAIT, "the firing post and three refreshes");
    List<JsonNode> sent = postsOf(a.key());
    for (JsonNode n : sent) {
      assertThat(n.get("startsAt").asText()).isEqualTo(AlertJson.time(a.firstSeen()));
      assertThat(n.get("annotations").get("id").asText()).isEqualTo(a.id());
    }
    List<java.time.Instant> ends = sent.stream().map(n -> java.time.Instant.parse(n.get("endsAt").asText())).toList();
    assertThat(ends).isSorted().doesNotHaveDuplicates();
    // endsAt = the send time + 4 x the interval: at most that after the receiver got it (same clock)
    List<Receiver.Post> got = List.copyOf(receiver.posts);
    Receiver.Post last = got.getLast();
    JsonNode lastAlert = AlertJson.MAPPER.readTree(last.body()).get(0);
    assertThat(java.time.Instant.parse(lastAlert.get("endsAt").asText()))
        .isBeforeOrEqualTo(last.at().plus(every.multipliedBy(4)))
        .isAfter(last.at().plus(every.multipliedBy(4)).minusSeconds(5));
    // refreshes are not transitions: not in the outbox, the journal's state unchanged
    assertThat(dispatcher.pending("am")).isZero();
    assertThat(dispatcher.alerts()).hasSize(1);
    assertThat(metrics.registry().find("bgpsentry_webhook_deliveries").tags("webhook", "am", "outcome", "ok")
        .counter().count()).isGreaterThanOrEqualTo(sent.size());

    Alert resolved = TestAlerts.numbered(1, AlertStatus.RESOLVED);
    dispatcher.accept(resolved);
    Receiver.await(() -> postsOf(a.key()).stream().anyMatch(n -> n.get("endsAt").asText()
        .equals(AlertJson.time(resolved.resolvedAt()))), WAIT, "the resolve");
    int upToResolve = postsOf(a.key()).size();
    // a second alert's refreshes show rounds went on after the resolve: none of them carried the first
    Alert b = TestAlerts.numbered(2, AlertStatus.FIRING);
    dispatcher.accept(b);
    Receiver.await(() -> postsOf(b.key()).size() >= 3, WAIT, "the second alert and two refreshes");
    assertThat(postsOf(a.key())).hasSize(upToResolve);
    assertThat(postsOf(a.key()).getLast().get("endsAt").asText()).isEqualTo(AlertJson.time(resolved.resolvedAt()));

    dispatcher.configure(List.of()); // removed on reload: no more refreshes
    int atRemoval = receiver.posts.size();
    dispatcher.configure(List.of(hook("other", WebhookConfig.Format.JSON, "/json", null)));
    dispatcher.accept(TestAlerts.numbered(3, AlertStatus.FIRING));
    Receiver.await(() -> receiver.posts.stream().anyMatch(p -> p.path().equals("/json")), WAIT, "a post to another webhook");
    assertThat(receiver.posts.stream().filter(p -> p.path().startsWith("/am")).count()).isEqualTo(atRemoval);
  }

  /** Every postable alert the receiver got for {@code key}, in order. */
  private List<JsonNode> postsOf(String key) {
    List<JsonNode> out = new java.util.ArrayList<>();
    for (Receiver.Post p : receiver.posts) {
      try {
        JsonNode body = AlertJson.MAPPER.readTree(p.body());
        if (body.isArray()) {
          body.forEach(n -> {
            if (n.path("labels").path("key").asText().equals(key)) {
              out.add(n);
            }
          });
        }
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return out;
  }

  @Test
  void pagerDutyEventsV2TriggerThenResolveWithDedupKey() throws Exception {
    List<JsonNode> bodies = deliverBoth(hook("pd", WebhookConfig.Format.PAGERDUTY, "/v2/enqueue", "R0UTINGKEY"));
    JsonNode t = bodies.get(0);
    assertThat(t.get("routing_key").asText()).isEqualTo("R0UTINGKEY");
    assertThat(t.get("event_action").asText()).isEqualTo("trigger");
    assertThat(t.get("dedup_key").asText()).isEqualTo("subprefix_hijack|208.65.152.0/22|208.65.153.0/24|17557");
    assertThat(t.get("payload").get("summary").asText()).contains("AS17557");
    assertThat(t.get("payload").get("source").asText()).isEqualTo("bgpsentry");
    assertThat(t.get("payload").get("severity").asText()).isIn("critical", "error", "warning", "info");
    JsonNode r = bodies.get(1);
    assertThat(r.get("event_action").asText()).isEqualTo("resolve");
    assertThat(r.get("dedup_key")).isEqualTo(t.get("dedup_key"));
  }

  @Test
  void minSeverityAndTypesFilter() throws Exception {
    dispatcher.configure(
        List.of(new WebhookConfig("f", receiver.uri("/f"), WebhookConfig.Format.JSON, null, Severity.CRITICAL,
            Set.of(AlertType.ORIGIN_HIJACK), Map.of())));
    dispatcher.accept(TestAlerts.youtube("SUB", AlertStatus.FIRING)); // subprefix_hijack: type filtered
    dispatcher.accept(TestAlerts.numbered(1, AlertStatus.FIRING)); // origin_hijack, critical: delivered
    Alert info = TestAlerts.numbered(2, AlertStatus.FIRING);
    dispatcher.accept(new Alert(info.id(), info.key(), info.type(), Severity.INFO, info.status(), info.summary(),
        info.registeredPrefix(), info.prefix(), info.customer(), info.provider(), info.location(),
        info.expectedOrigins(), info.originAsn(), info.asPath(), info.peers(), info.firstSeen(),
        info.lastSeen(), info.resolvedAt(), info.details()));
    Receiver.await(() -> dispatcher.pending("f") == 0, WAIT, "delivery");
    assertThat(receiver.posts).hasSize(1);
    assertThat(AlertJson.read(receiver.posts.getFirst().body()).id()).isEqualTo(TestAlerts.numbered(1, AlertStatus.FIRING).id());
  }

  /**
   * A receiver outage then recovery delivers everything, in order, with no loss. The outage is
   * 3 s against a backoff scaled 1:10 (100 ms doubling to 800 ms), the same retry sequence as a
   * 30 s outage under the default 1 s doubling policy.
   */
  @Test
  void outageThenRecoveryDeliversEverythingInOrder() throws Exception {
    dispatcher.configure(List.of(hook("noc", WebhookConfig.Format.JSON, "/h", null)));
    receiver.status.set(503);
    long outageStart = System.nanoTime();
    for (int i = 0; i < 50; i++) {
      dispatcher.accept(TestAlerts.numbered(i, AlertStatus.FIRING));
      if (i % 10 == 0) {
        Thread.sleep(200);
      }
    }
    // At least 3 s of outage with some retries in it (a loaded machine may take longer to make
    // them); the 800 ms cap allows about 20 retries in the 15 s this may take, hammering hundreds.
    Receiver.await(() -> System.nanoTime() - outageStart > 3_000_000_000L && receiver.refused.get() >= 3,
        Duration.ofSeconds(15), "3 s of outage and 3 refused retries");
    assertThat(receiver.refused.get()).isBetween(3, 30); // backed off, not hammering
    receiver.status.set(200);
    Receiver.await(() -> receiver.posts.size() == 50, WAIT, "all 50 after recovery");
    for (int i = 0; i < 50; i++) {
      assertThat(AlertJson.read(receiver.posts.get(i).body()).originAsn()).isEqualTo(i);
    }
    // The receiver records a post before it answers; the worker counts it and removes it from
    // the outbox once the answer is back.
    Receiver.await(() -> dispatcher.pending("noc") == 0, WAIT, "the 50th delivery recorded");
    Receiver.await(() -> scrape().contains("bgpsentry_webhook_outbox_pending{webhook=\"noc\"} 0.0"), WAIT,
        "outbox_pending back to 0: " + scrape());
    assertThat(scrape())
        .contains("bgpsentry_webhook_deliveries_total{outcome=\"ok\",webhook=\"noc\"} 50.0")
        .contains("bgpsentry_alerts_firing{type=\"origin_hijack\"} 50.0");
  }

  private String scrape() {
    return new String(metrics.scrape(null).body(), java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void giveUpAfterTheRetryWindowCountsFailed() throws Exception {
    dispatcher.close();
    dispatcher = new AlertDispatcher(state, metrics,
        new DeliveryPolicy(Duration.ofMillis(50), Duration.ofMillis(50), Duration.ofMillis(300), Duration.ofSeconds(2)), Clock.systemUTC());
    dispatcher.configure(List.of(hook("noc", WebhookConfig.Format.JSON, "/h", null)));
    receiver.status.set(500);
    dispatcher.accept(TestAlerts.numbered(1, AlertStatus.FIRING));
    Receiver.await(() -> dispatcher.pending("noc") == 0, WAIT, "give up");
    assertThat(new String(metrics.scrape(null).body(), java.nio.charset.StandardCharsets.UTF_8))
        .contains("bgpsentry_webhook_deliveries_total{outcome=\"failed\",webhook=\"noc\"} 1.0");
  }

  /**
   * A 4xx other than 408/429 will be refused again: the transition is counted failed and logged
   * with the status and the start of the answer (not the whole of it), and the queue moves on to
   * the next one at once instead of retrying the refused one for 24 h.
   */
  @Test
  void permanent4xxIsNotRetriedAndTheQueueMovesOn() throws Exception {
    Logger logger = (Logger) LoggerFactory.getLogger(WebhookWorker.class);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    logger.addAppender(logs);
    try {
      receiver.status.set(400);
      receiver.refusal = ("{\"error\":\"unknown field summary\"}" + "x".repeat(5000))
          .getBytes(java.nio.charset.StandardCharsets.UTF_8);
      dispatcher.configure(List.of(hook("noc", WebhookConfig.Format.JSON, "/h", null)));
      dispatcher.accept(TestAlerts.numbered(1, AlertStatus.FIRING));
      Receiver.await(() -> dispatcher.pending("noc") == 0, WAIT, "the refused transition dropped");
      assertThat(receiver.refused.get()).isEqualTo(1);
      assertThat(scrape())
          .contains("bgpsentry_webhook_deliveries_total{outcome=\"failed\",webhook=\"noc\"} 1.0")
          .contains("bgpsentry_webhook_deliveries_total{outcome=\"retry\",webhook=\"noc\"} 0.0");
      List<String> lines = logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
      assertThat(lines).anySatisfy(l -> assertThat(l)
          .contains("HTTP 400", "{\"error\":\"unknown field summary\"}", "not retried")
          .hasSizeLessThan(WebhookWorker.ANSWER_BYTES + 200));

      receiver.status.set(200);
      dispatcher.accept(TestAlerts.numbered(2, AlertStatus.FIRING));
      Receiver.await(() -> receiver.posts.size() == 1, WAIT, "the next transition delivered");
      assertThat(AlertJson.read(receiver.posts.getFirst().body()).originAsn()).isEqualTo(2L);
    } finally {
      logger.detachAppender(logs);
    }
  }

  /** 408 and 429 say "later", not "never": they are retried like a 5xx. */
  @Test
  void status429IsRetried() throws Exception {
    receiver.status.set(429);
    dispatcher.configure(List.of(hook("noc", WebhookConfig.Format.JSON, "/h", null)));
    dispatcher.accept(TestAlerts.numbered(1, AlertStatus.FIRING));
    Receiver.await(() -> receiver.refused.get() >= 2, WAIT, "a retry after 429");
    receiver.status.set(200);
    Receiver.await(() -> receiver.posts.size() == 1, WAIT, "delivery once the receiver accepts");
    assertThat(scrape()).doesNotContain("outcome=\"failed\",webhook=\"noc\"} 1.0");
  }

  /** A details value that counts how often it is serialised. */
  public static final class Counted {
    final java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();

    public int getSerialised() {
      return calls.incrementAndGet();
    }
  }

  /**
   * A transition is serialised once on its way out: the state journal, the outbox journal and the
   * {@code json} body (and PagerDuty's {@code custom_details}) carry the same bytes, and nothing
   * parses them back while the alert is in memory.
   */
  @Test
  void aTransitionIsSerialisedOnceForJournalOutboxAndBody() throws Exception {
    Receiver pd = new Receiver();
    try {
      dispatcher.configure(List.of(hook("noc", WebhookConfig.Format.JSON, "/h", null),
          new WebhookConfig("pd", pd.uri("/pd"), WebhookConfig.Format.PAGERDUTY, "routing", Severity.INFO, Set.of(), Map.of())));
      Counted counted = new Counted();
      Alert a = TestAlerts.numbered(1, AlertStatus.FIRING);
      dispatcher.accept(new Alert(a.id(), a.key(), a.type(), a.severity(), a.status(), a.summary(),
          a.registeredPrefix(), a.prefix(), a.customer(), a.provider(), a.location(), a.expectedOrigins(),
          a.originAsn(), a.asPath(), a.peers(), a.firstSeen(), a.lastSeen(), a.resolvedAt(), Map.of("counted", counted)));
      Receiver.await(() -> receiver.posts.size() == 1 && pd.posts.size() == 1, WAIT, "both posts");
      assertThat(counted.calls.get()).as("serialisations").isEqualTo(1);
      byte[] body = receiver.posts.getFirst().body();
      assertThat(AlertJson.MAPPER.readTree(body).at("/details/counted/serialised").asInt()).isEqualTo(1);
      assertThat(AlertJson.MAPPER.readTree(pd.posts.getFirst().body()).at("/payload/custom_details"))
          .isEqualTo(AlertJson.MAPPER.readTree(body));
      dispatcher.close();
      dispatcher = new AlertDispatcher(state, metrics, FAST, Clock.systemUTC());
      assertThat(AlertJson.write(dispatcher.firing().getFirst())).as("the state journal's bytes").isEqualTo(body);
    } finally {
      pd.close();
    }
  }

  /**
   * A receiver down for long: at the outbox limit the oldest transitions are dropped, counted
   * failed and logged; the newest are delivered once the receiver is back.
   */
  @Test
  void aFullOutboxDropsItsOldestCountedFailed() throws Exception {
    dispatcher.close();
    dispatcher = new AlertDispatcher(state, metrics, FAST.withOutboxLimit(5), Clock.systemUTC());
    receiver.status.set(503);
    dispatcher.configure(List.of(hook("noc", WebhookConfig.Format.JSON, "/h", null)));
    for (int i = 0; i < 20; i++) {
      dispatcher.accept(TestAlerts.numbered(i, AlertStatus.FIRING));
    }
    assertThat(dispatcher.flush(WAIT)).isTrue();
    assertThat(dispatcher.pending("noc")).isEqualTo(5);
    assertThat(scrape()).contains(
        "bgpsentry_webhook_deliveries_total{outcome=\"failed\",webhook=\"noc\"} 15.0",
        "bgpsentry_webhook_outbox_dropped_total{webhook=\"noc\"} 15.0");
    receiver.status.set(200);
    Receiver.await(() -> receiver.posts.size() == 5, WAIT, "the 5 kept");
    List<Long> delivered = receiver.posts.stream().map(p -> AlertJson.read(p.body()).originAsn()).toList();
    // The one in flight when the limit struck is kept, with the newest after it. Which one was in
    // flight depends on when the worker took it (0 when it had started before the burst, a later
    // one when the burst had already dropped the head): any of the 16 oldest, never one of the rest.
    assertThat(delivered.subList(1, 5)).containsExactly(16L, 17L, 18L, 19L);
    assertThat(delivered.getFirst()).isBetween(0L, 15L);
  }

  /**
   * While the disk refuses the commit (here: the state journal's file is closed under it, so every
   * write fails), accepted transitions queue up to the limit; the next {@code accept} waits
   * (pushing back on detection) instead of memory growing, says so once and is counted.
   */
  @Test
  void acceptWaitsAtTheLimitWhileTheDiskRefuses() throws Exception {
    dispatcher.close();
    dispatcher = new AlertDispatcher(state, metrics, FAST, Clock.systemUTC(), 3);
    assertThat(scrape()).contains("bgpsentry_alert_dispatcher_backlog 0.0", "bgpsentry_alert_dispatcher_blocks_total 0.0",
        "bgpsentry_alert_dispatcher_blocked_seconds_total 0.0");
    Logger logger = (Logger) LoggerFactory.getLogger(AlertDispatcher.class);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    logger.addAppender(logs);
    try {
      dispatcher.stateJournal().close();
      dispatcher.accept(TestAlerts.numbered(100, AlertStatus.FIRING));
      Receiver.await(() -> dispatcher.queued() == 0, WAIT, "the refused round taken by the committer");
      Thread detection = Thread.ofPlatform().start(() -> {
        for (int i = 0; i < 4; i++) {
          dispatcher.accept(TestAlerts.numbered(i, AlertStatus.FIRING));
        }
      });
      Receiver.await(() -> detection.getState() == Thread.State.WAITING, WAIT, "the fourth accept waiting");
      assertThat(dispatcher.queued()).isEqualTo(3);
      assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
          .anySatisfy(l -> assertThat(l).contains("3 alert transitions wait for", "detection waits for the disk"));
      assertThat(scrape()).contains("bgpsentry_alert_dispatcher_backlog 4.0", "bgpsentry_alert_dispatcher_blocks_total 1.0");
      dispatcher.close(); // gives up on the refused round: the waiting accept returns
      detection.join(WAIT.toMillis());
      assertThat(detection.isAlive()).isFalse();
      assertThat(scrape()).containsPattern("(?m)^bgpsentry_alert_dispatcher_blocked_seconds_total [0-9.E-]+$")
          .doesNotContainPattern("(?m)^bgpsentry_alert_dispatcher_blocked_seconds_total 0\\.0$");
    } finally {
      logger.detachAppender(logs);
    }
  }

  private static Alert withDetails(Alert a, String summary, Map<String, Object> details) {
    return new Alert(a.id(), a.key(), a.type(), a.severity(), a.status(), summary, a.registeredPrefix(), a.prefix(),
        a.customer(), a.provider(), a.location(), a.expectedOrigins(), a.originAsn(), a.asPath(), a.peers(),
        a.firstSeen(), a.lastSeen(), a.resolvedAt(), details);
  }

  /**
   * An alert whose JSON is larger than a journal record (16 MiB) was refused on every commit
   * retry and held up every later alert for good. It is delivered with its largest details left
   * out and a marker saying so (logged, counted), and the next alert follows; it stays firing
   * across a restart.
   */
  @Test
  void anAlertOverTheJournalLimitIsDeliveredWithItsLargestDetailsCut() throws Exception {
    dispatcher.configure(List.of(hook("noc", WebhookConfig.Format.JSON, "/h", null)));
    Alert huge = withDetails(TestAlerts.numbered(1, AlertStatus.FIRING), "huge",
        Map.of("vrps", List.of("203.0.113.0/24-24 AS64496"), "routes", "x".repeat(Journal.MAX_RECORD)));
    dispatcher.accept(huge);
    dispatcher.accept(TestAlerts.numbered(2, AlertStatus.FIRING));
    assertThat(dispatcher.flush(WAIT)).as("both committed").isTrue();
    Receiver.await(() -> receiver.posts.size() == 2, WAIT, "both delivered");
    JsonNode first = AlertJson.MAPPER.readTree(receiver.posts.get(0).body());
    assertThat(first.path("key").asText()).isEqualTo(huge.key());
    assertThat(first.path("details").path("vrps").get(0).asText()).isEqualTo("203.0.113.0/24-24 AS64496");
    assertThat(first.path("details").has("routes")).isFalse();
    JsonNode marker = first.path("details").path("truncated");
    assertThat(marker.path("omitted").get(0).asText()).isEqualTo("routes");
    assertThat(marker.path("alert_bytes").asLong()).isGreaterThan(Journal.MAX_RECORD);
    assertThat(AlertJson.read(receiver.posts.get(1).body()).originAsn()).isEqualTo(2);
    assertThat(scrape()).contains("bgpsentry_alert_transitions_truncated_total 1.0",
        "bgpsentry_alert_transitions_dropped_total{reason=\"too_large\"} 0.0");
    dispatcher.close();
    dispatcher = new AlertDispatcher(state, metrics, FAST, Clock.systemUTC());
    assertThat(dispatcher.firing()).extracting(Alert::key).containsExactly(huge.key(), TestAlerts.numbered(2, AlertStatus.FIRING).key());
  }

  /**
   * Too large even without details, or not serialisable at all: dropped, logged and counted by
   * reason; the next alert is delivered.
   */
  @Test
  void anAlertThatCannotBeStoredIsDroppedAndCounted() throws Exception {
    dispatcher.configure(List.of(hook("noc", WebhookConfig.Format.JSON, "/h", null)));
    dispatcher.accept(withDetails(TestAlerts.numbered(1, AlertStatus.FIRING), "x".repeat(Journal.MAX_RECORD), Map.of()));
    dispatcher.accept(withDetails(TestAlerts.numbered(3, AlertStatus.FIRING), "opaque", Map.of("x", new Object())));
    dispatcher.accept(TestAlerts.numbered(2, AlertStatus.FIRING));
    assertThat(dispatcher.flush(WAIT)).isTrue();
    Receiver.await(() -> receiver.posts.size() == 1, WAIT, "the next alert delivered");
    assertThat(AlertJson.read(receiver.posts.getFirst().body()).originAsn()).isEqualTo(2);
    assertThat(scrape()).contains("bgpsentry_alert_transitions_dropped_total{reason=\"too_large\"} 1.0",
        "bgpsentry_alert_transitions_dropped_total{reason=\"unserializable\"} 1.0",
        "bgpsentry_alert_dispatcher_backlog 0.0");
  }

  @Test
  void firingStateSurvivesRestartWithIds() throws Exception {
    dispatcher.accept(TestAlerts.numbered(1, AlertStatus.FIRING));
    dispatcher.accept(TestAlerts.numbered(2, AlertStatus.FIRING));
    dispatcher.accept(TestAlerts.numbered(1, AlertStatus.RESOLVED));
    dispatcher.close();
    dispatcher = new AlertDispatcher(state, metrics, FAST, Clock.systemUTC());
    assertThat(dispatcher.firing()).containsExactly(TestAlerts.numbered(2, AlertStatus.FIRING));
  }

  @Test
  void undeliveredTransitionsSurviveRestart() throws Exception {
    receiver.status.set(503);
    dispatcher.configure(List.of(hook("noc", WebhookConfig.Format.JSON, "/h", null)));
    for (int i = 0; i < 5; i++) {
      dispatcher.accept(TestAlerts.numbered(i, AlertStatus.FIRING));
    }
    dispatcher.close();
    receiver.status.set(200);
    dispatcher = new AlertDispatcher(state, metrics, FAST, Clock.systemUTC());
    dispatcher.configure(List.of(hook("noc", WebhookConfig.Format.JSON, "/h", null)));
    Receiver.await(() -> receiver.posts.size() == 5, WAIT, "5 after restart");
    assertThat(receiver.posts.stream().map(p -> AlertJson.read(p.body()).originAsn()).toList())
        .containsExactly(0L, 1L, 2L, 3L, 4L);
  }
}
