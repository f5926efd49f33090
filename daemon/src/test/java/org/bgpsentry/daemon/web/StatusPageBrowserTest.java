package org.bgpsentry.daemon.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bgpsentry.analytics.latency.LatencyMonitor;
import org.bgpsentry.codec.model.Update;
import org.bgpsentry.codec.model.attr.AsPathSegment;
import org.bgpsentry.codec.model.attr.OriginType;
import org.bgpsentry.codec.model.attr.PathAttribute;
import org.bgpsentry.codec.model.attr.PathAttributes;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.model.nlri.Nlri;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.bgpsentry.daemon.Daemon;
import org.bgpsentry.daemon.DetectionComponent;
import org.bgpsentry.daemon.LatencyComponent;
import org.bgpsentry.daemon.SessionsComponent;
import org.bgpsentry.daemon.demo.SimulatedPeer;
import org.bgpsentry.daemon.probe.LatencyStore;
import org.bgpsentry.daemon.source.RisLiveSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;

/**
 * The status page (docs/operators-guide.md "The status page") in Debian's headless Chromium, driven through its own
 * chromedriver (nothing is downloaded), against the real daemon with the demo's simulated peer
 * behind a loopback relay the test can cut. Screenshots go to {@code target/screenshots/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StatusPageBrowserTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final String XSS = "<img src=x onerror=alert(1)>";
  private static final Prefix HIJACKED = Prefix.parse("18.0.0.0/24");
  private static final Prefix LEAKED = Prefix.parse("130.59.0.0/16");
  private static final Path SHOTS = Path.of("target/screenshots");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;

  private Daemon daemon;
  private SimulatedPeer peer;
  private TcpProxy proxy;
  private ChromeDriver browser;
  private String api;
  private String page;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void start() throws Exception {
    assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "chromium or chromedriver is not installed (apt-get install chromium chromium-driver)");
    int bgpPort = freePort();
    int httpPort = freePort();
    int closedPort = freePort(); // probes get RST at once: answered (docs/api.md)
    Files.writeString(dir.resolve("prefixes.yml"), """
        prefixes:
          - prefix: 18.0.0.0/8
            description: MIT campus
            customer: mit
            provider: Example ISP
            location: Massachusetts
            origin_asns: [3]
          - prefix: 130.59.0.0/16
            description: SWITCH Zurich
            customer: switch
            provider: Example IXP
            location: Zurich
            origin_asns: [559]
          - prefix: 193.0.0.0/21
            description: RIPE NCC Amsterdam
            customer: ripe-ncc
            origin_asns: [3333]
          - prefix: 128.9.0.0/16
            description: USC/ISI Marina del Rey
            customer: isi
            origin_asns: [4]
          - prefix: 192.0.2.0/24
            description: "%s"
            customer: lab
            origin_asns: [64496]
          - prefix: 127.0.0.0/24
            description: Lab loopback (probed)
            customer: lab
            origin_asns: [64496]
            probe_targets: [127.0.0.1]
        """.formatted(XSS));
    Files.writeString(dir.resolve("bgpsentry.yml"), """
        bgp:
          listen: 127.0.0.1:%d
          local_asn: 64512
          router_id: 192.0.2.1
        peers:
          - name: demo-rrc05
            address: 127.0.0.2
            remote_asn: 1853
            role: peer
            families: [ipv4-unicast]
        registry:
          file: prefixes.yml
        detection:
          min_peers: 1
          max_path_length: 6
        latency:
          ports: [%d]
        http:
          listen: 127.0.0.1:%d
        state_dir: state
        sources:
          ris_live:
            url: ws://127.0.0.1:1/v1/ws/   # refused: the source stays down
        """.formatted(bgpPort, closedPort, httpPort));
    Daemon.Loaded loaded = Daemon.load(dir.resolve("bgpsentry.yml"));
    seedLatency(loaded, loaded.config().stateDir());
    DetectionComponent detection = new DetectionComponent();
    daemon =
        new Daemon(
            loaded.config(),
            loaded.registry(),
            List.of(
                detection,
                new LatencyComponent(detection),
                new SessionsComponent(detection),
                new RisLiveSource(detection)));
    daemon.start();
    api = "http://127.0.0.1:" + daemon.httpAddress().getPort();
    peer = SimulatedPeer.recordedTable(new InetSocketAddress("127.0.0.1", bgpPort), new InetSocketAddress("127.0.0.2", 0), line -> {});
    peer.start();
    proxy = new TcpProxy(daemon.httpAddress());
    page = "http://127.0.0.1:" + proxy.port() + "/";
    browser = chromium();
    Files.createDirectories(SHOTS);
  }

  /** Six hours of 5-minute buckets for 127.0.0.0/24, as the prober would have left them. */
  private static void seedLatency(Daemon.Loaded loaded, Path stateDir) throws Exception {
    LatencyMonitor m = new LatencyMonitor(Clock.systemUTC(), 1.5);
    m.register(loaded.registry());
    IpAddress target = IpAddress.parse("127.0.0.1");
    Instant now = Instant.now();
    for (int i = 72; i >= 1; i--) {
      for (int probe = 0; probe < 4; probe++) {
        Instant at = now.minus(Duration.ofMinutes(5L * i)).plusSeconds(probe * 60L);
        if (i % 17 == 0 && probe == 0) {
          m.recordLost(target, at);
        } else {
          double ms = 8 + 4 * Math.sin(i / 6.0) + probe;
          m.recordAnswered(target, at, Duration.ofNanos((long) (ms * 1_000_000)));
        }
      }
    }
    new LatencyStore(stateDir).save(m);
  }

  private static ChromeDriver chromium() {
    // The driver's path is given, so Selenium Manager is never asked to find or fetch one.
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    ChromeOptions o = new ChromeOptions();
    o.setBinary(CHROMIUM.toFile());
    o.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--window-size=1280,900",
        "--user-data-dir=" + dir.resolve("chromium-profile"));
    o.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
    return new ChromeDriver(service, o);
  }

  @AfterAll
  void stop() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    if (proxy != null) {
      proxy.close();
    }
    if (daemon != null) {
      daemon.close(); // before the peer, so its session ending raises no peer_down
    }
    if (peer != null) {
      peer.close();
    }
  }

  @Test
  @Order(1)
  void overviewCountsPeersAndPrefixesAndShowsRegistryTextLiterally() throws Exception {
    browser.get(page);
    await("the peer established on the page", Duration.ofSeconds(60),
        () -> text("#peers tr[data-peer='demo-rrc05'] td:nth-child(4)").equals("established")
            && text("#peers tr[data-peer='demo-rrc05'] td:nth-child(6)").startsWith("112,"));
    assertThat(text("#count-peers")).isEqualTo("1");
    assertThat(text("#count-prefixes")).isEqualTo("6");
    assertThat(text("#count-firing")).isEqualTo("0");
    assertThat(text("#sources tr[data-source='ris_live'] td:nth-child(1)")).isEqualTo("RIS Live");
    assertThat(text("#sources tr[data-source='ris_live'] td:nth-child(2)")).isEqualTo("down");
    await("the event stream open", Duration.ofSeconds(10), () -> "open".equals(browser.findElement(By.id("live")).getAttribute("data-state")));

    assertThat(text("#prefixes tr[data-prefix='192.0.2.0/24'] td:nth-child(2)")).isEqualTo(XSS);
    assertThat(browser.findElements(By.cssSelector("main img"))).isEmpty();
    assertThat(alertShown()).as("no script from the registry ran").isFalse();
    List<Object> hosts = js("return performance.getEntriesByType('resource').map(e => new URL(e.name).host)");
    assertThat(hosts).as("nothing loaded from another host").isNotEmpty().allMatch(h -> h.equals("127.0.0.1:" + proxy.port()));
  }

  @Test
  @Order(2)
  void hijackAppearsWithinTwoSecondsWithoutReloadAndSoDoesItsResolution() throws Exception {
    browser.get(page);
    await("page live", Duration.ofSeconds(10), () -> "open".equals(browser.findElement(By.id("live")).getAttribute("data-state")));
    js("window.__noReload = 42");
    String row = "#firing-alerts tr[data-key^='subprefix_hijack|18.0.0.0/8|18.0.0.0/24|17557']";

    long t0 = System.nanoTime();
    peer.send(List.of(announce(HIJACKED, null, 1853, 3491, 17557)));
    await("the hijack on the page", Duration.ofSeconds(2), () -> !browser.findElements(By.cssSelector(row)).isEmpty());
    Duration fired = Duration.ofNanos(System.nanoTime() - t0);
    assertThat(text("#count-firing")).isEqualTo("1");
    assertThat(text(row + " td:nth-child(3)")).contains("AS17557");
    assertThat(text("#prefixes tr[data-prefix='18.0.0.0/8'] td:nth-child(6)")).isEqualTo("1 firing");
    screenshot("overview-firing-desktop");

    t0 = System.nanoTime();
    peer.send(List.of(new Update(List.of(Nlri.of(HIJACKED)), PathAttributes.EMPTY, List.of())));
    await("the resolution on the page", Duration.ofSeconds(2),
        () -> browser.findElements(By.cssSelector(row)).isEmpty()
            && text("#feed li:first-child").contains("RESOLVED critical subprefix_hijack"));
    Duration resolved = Duration.ofNanos(System.nanoTime() - t0);
    assertThat(text("#count-firing")).isEqualTo("0");
    assertThat((Object) js("return window.__noReload")).as("the page was not reloaded").isEqualTo(42L);
    System.out.printf("status page: hijack shown %d ms after the UPDATE, resolution %d ms%n", fired.toMillis(), resolved.toMillis());
  }

  @Test
  @Order(3)
  void eventsMissedWhileTheStreamWasCutAreShownAfterItReconnects() throws Exception {
    browser.get(page);
    await("page live", Duration.ofSeconds(10), () -> "open".equals(browser.findElement(By.id("live")).getAttribute("data-state")));
    js("window.__noReload = 7");
    proxy.cut();
    await("the page sees the stream cut", Duration.ofSeconds(10),
        () -> !"open".equals(browser.findElement(By.id("live")).getAttribute("data-state")));
    // The leak fires while the page cannot hear it.
    peer.send(List.of(announce(LEAKED, 20965L, 1853, 20965, 559)));
    await("the leak firing in the API", Duration.ofSeconds(10), () -> firing("route_leak"));
    assertThat(browser.findElements(By.cssSelector("#feed li[data-type='alert']")).stream().map(WebElement::getText))
        .noneMatch(t -> t.contains("route_leak"));
    proxy.restore();
    try {
      await("the missed event in the feed", Duration.ofSeconds(20),
          () -> browser.findElements(By.cssSelector("#feed li[data-type='alert']")).stream()
              .anyMatch(li -> li.getText().contains("FIRING critical route_leak")));
    } catch (AssertionError e) {
      throw new AssertionError("live: " + browser.findElement(By.id("live")).getText() + "; feed: " + text("#feed"), e);
    }
    await("the leak in the firing table", Duration.ofSeconds(5),
        () -> !browser.findElements(By.cssSelector("#firing-alerts tr[data-key^='route_leak|130.59.0.0/16']")).isEmpty());
    assertThat((Object) js("return window.__noReload")).as("the page was not reloaded").isEqualTo(7L);
    assertThat(browser.findElement(By.id("live")).getAttribute("data-state")).isEqualTo("open");
  }

  @Test
  @Order(4)
  void alertFilterByTypeCustomerAndPrefix() throws Exception {
    browser.get(page + "#/alerts");
    await("two alerts listed", Duration.ofSeconds(10), () -> rows("#alerts-table tbody tr").size() == 2);
    new Select(browser.findElement(By.id("filter-type"))).selectByValue("route_leak");
    onlyAlertListed("route_leak|");
    new Select(browser.findElement(By.id("filter-type"))).selectByValue("");
    new Select(browser.findElement(By.id("filter-customer"))).selectByValue("mit");
    onlyAlertListed("subprefix_hijack|");
    new Select(browser.findElement(By.id("filter-customer"))).selectByValue("");
    new Select(browser.findElement(By.id("filter-status"))).selectByValue("firing");
    onlyAlertListed("route_leak|");
    new Select(browser.findElement(By.id("filter-status"))).selectByValue("");
    WebElement prefix = browser.findElement(By.id("filter-prefix"));
    prefix.sendKeys("18.0.0.0/8");
    onlyAlertListed("subprefix_hijack|");
    assertThat(browser.getCurrentUrl()).endsWith("#/alerts?prefix=18.0.0.0%2F8");
    prefix.clear();
    prefix.sendKeys("192.0.2.0/24");
    await("no alert for 192.0.2.0/24", Duration.ofSeconds(5), () -> text("#alert-results .empty").equals("No alert matches."));
  }

  @Test
  @Order(5)
  void prefixPageListsRoutesAndDrawsTheLatencyChart() throws Exception {
    browser.get(page);
    await("prefixes listed", Duration.ofSeconds(10), () -> !rows("#prefixes tbody tr").isEmpty());
    // Keyboard only: Tab to the prefix's link, Enter opens its page.
    WebElement focused = null;
    for (int i = 0; i < 40; i++) {
      browser.switchTo().activeElement().sendKeys(Keys.TAB);
      focused = browser.switchTo().activeElement();
      if ("#/prefix/18.0.0.0/8".equals(focused.getDomAttribute("href"))) {
        break;
      }
    }
    assertThat(focused.getText()).isEqualTo("18.0.0.0/8");
    focused.sendKeys(Keys.ENTER);
    await("the prefix page opened from the keyboard", Duration.ofSeconds(10), () -> browser.getCurrentUrl().endsWith("#/prefix/18.0.0.0/8"));
    await("routes of 18.0.0.0/8", Duration.ofSeconds(10), () -> !rows("#routes tbody tr").isEmpty());
    await("every route from the peer", Duration.ofSeconds(5),
        () -> rows("#routes tbody tr").stream().allMatch(r -> r.getText().contains("demo-rrc05")));
    assertThat(text("#routes tbody tr:first-child td:nth-child(4)")).startsWith("1853 ").endsWith(" 3");
    assertThat(text("#prefix-alerts tbody tr td:nth-child(2)")).isEqualTo("subprefix_hijack");
    assertThat(browser.findElements(By.id("window-6h"))).as("no window buttons without probe targets").isEmpty();

    browser.get(page + "#/prefix/127.0.0.0/24");
    await("the latency chart", Duration.ofSeconds(10), () -> !browser.findElements(By.cssSelector("#latency svg path.median")).isEmpty());
    String d = browser.findElement(By.cssSelector("#latency svg path.median")).getAttribute("d");
    int points = d.split("[ML]").length - 1;
    assertThat(points).as("one point per seeded 5-minute bucket (72 in 6 h), path %s", d).isGreaterThanOrEqualTo(60);
    assertThat(browser.findElements(By.cssSelector("#latency svg circle.point"))).hasSizeGreaterThanOrEqualTo(60);
    assertThat(browser.findElements(By.cssSelector("#latency svg rect.loss"))).as("the seeded lost probes").isNotEmpty();
    browser.findElement(By.id("window-1d")).click();
    await("the 1d window selected", Duration.ofSeconds(10),
        () -> "true".equals(browser.findElement(By.id("window-1d")).getAttribute("aria-pressed")));
  }

  @Test
  @Order(6)
  void eachPageAtDesktopAndPhoneWidthWithoutHorizontalScroll() throws Exception {
    String[][] pages = {
      {"overview", ""}, {"prefix", "#/prefix/18.0.0.0/8"}, {"latency", "#/prefix/127.0.0.0/24"}, {"alerts", "#/alerts"},
    };
    for (String[] p : pages) {
      show(p[1], 1280);
      screenshot(p[0] + "-desktop");
    }
    for (String[] p : pages) {
      show(p[1], 390);
      assertThat((Long) js("return window.innerWidth")).isEqualTo(390L);
      assertThat((Long) js("return document.documentElement.scrollWidth"))
          .as("%s at 390 px: no horizontal scroll", p[0]).isLessThanOrEqualTo(390L);
      screenshot(p[0] + "-phone");
    }
    browser.manage().window().setSize(new Dimension(1280, 900));
  }

  @Test
  @Order(7)
  void filesCarryEtagCspAndCacheHeadersAndRevalidateTo304() throws Exception {
    HttpResponse<String> first = http.send(HttpRequest.newBuilder(URI.create(api + "/")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.headers().firstValue("Content-Security-Policy")).hasValue("default-src 'self'");
    assertThat(first.headers().firstValue("Cache-Control")).hasValue("no-cache");
    assertThat(first.body()).contains("<script src=\"web/app.js\" defer></script>").doesNotContain("<style").doesNotContain("onclick");
    String etag = first.headers().firstValue("ETag").orElseThrow();
    HttpResponse<String> again = http.send(
        HttpRequest.newBuilder(URI.create(api + "/")).header("If-None-Match", etag).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
    HttpResponse<String> js = http.send(HttpRequest.newBuilder(URI.create(api + "/web/app.js")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(js.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
    assertThat(js.headers().firstValue("ETag")).isPresent().isNotEqualTo(java.util.Optional.of(etag));
    HttpResponse<String> missing = http.send(HttpRequest.newBuilder(URI.create(api + "/web/../pom.xml")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(alertShown()).isFalse();
  }

  @Test
  @Order(8)
  void noScriptErrorAndNoContentSecurityPolicyViolationInTheWholeRun() {
    List<String> console = browser.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll().stream()
        .map(e -> e.getLevel() + " " + e.getMessage()).toList();
    assertThat(console)
        .as("the console is read: the cut relay of the stream test shows in it")
        .anyMatch(m -> m.contains("/api/v1/events") && m.contains("net::ERR_"));
    assertThat(console)
        .as("the browser console over all the tests")
        .noneMatch(m -> m.contains("Uncaught") || m.contains("Content Security Policy") || m.contains("TypeError"));
  }

  @Test
  @Order(9)
  void aPeerThatGoesDownShowsOnThePageAsAPeerEventAndItsAlert() throws Exception {
    browser.get(page);
    await("page live", Duration.ofSeconds(10), () -> "open".equals(browser.findElement(By.id("live")).getAttribute("data-state")));
    js("window.__noReload = 9");
    peer.close();
    await("the peer's new state from a peer event", Duration.ofSeconds(5),
        () -> browser.findElements(By.cssSelector("#feed li[data-type='peer']")).stream()
                .anyMatch(li -> li.getText().contains("peer demo-rrc05 ") && !li.getText().contains("established"))
            && !text("#peers tr[data-peer='demo-rrc05'] td:nth-child(4)").equals("established"));
    await("peer_down firing", Duration.ofSeconds(5),
        () -> !browser.findElements(By.cssSelector("#firing-alerts tr[data-key^='peer_down|']")).isEmpty());
    assertThat((Object) js("return window.__noReload")).isEqualTo(9L);
  }

  // --- helpers ---

  private void show(String hash, int width) throws Exception {
    browser.manage().window().setSize(new Dimension(width, 900));
    browser.get(page + hash);
    await("the view rendered", Duration.ofSeconds(10), () -> "open".equals(browser.findElement(By.id("live")).getAttribute("data-state"))
        && !browser.findElements(By.cssSelector("main[data-view] h1")).isEmpty());
    if (hash.contains("127.0.0.0")) {
      await("the chart", Duration.ofSeconds(10), () -> !browser.findElements(By.cssSelector("#latency svg")).isEmpty());
    }
  }

  private void screenshot(String name) throws Exception {
    Dimension before = browser.manage().window().getSize();
    long height = js("return document.documentElement.scrollHeight");
    browser.manage().window().setSize(new Dimension(before.getWidth(), (int) Math.min(6000, Math.max(height + 120, 600))));
    byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
    Files.write(SHOTS.resolve(name + ".png"), png);
    browser.manage().window().setSize(before);
  }

  /** The alerts table lists exactly one alert, whose key starts with {@code key} (re-renders retried). */
  private void onlyAlertListed(String key) throws Exception {
    await("only " + key + "... listed", Duration.ofSeconds(5), () -> {
      List<String> keys = rows("#alerts-table tbody tr").stream().map(e -> e.getAttribute("data-key")).toList();
      return keys.size() == 1 && keys.getFirst().startsWith(key);
    });
  }

  private boolean firing(String type) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(api + "/api/v1/alerts?status=firing&type=" + type)).build(),
        HttpResponse.BodyHandlers.ofString());
    JsonNode alerts = JSON.readTree(r.body()).path("alerts");
    return alerts.size() > 0;
  }

  private boolean alertShown() {
    try {
      browser.switchTo().alert();
      return true;
    } catch (NoAlertPresentException e) {
      return false;
    }
  }

  private List<WebElement> rows(String css) {
    return browser.findElements(By.cssSelector(css));
  }

  /** The text of the first match, "" when none; a node replaced by a re-render is looked up again. */
  private String text(String css) {
    for (int attempt = 1; ; attempt++) {
      try {
        List<WebElement> e = browser.findElements(By.cssSelector(css));
        return e.isEmpty() ? "" : e.getFirst().getText();
      } catch (org.openqa.selenium.StaleElementReferenceException e) {
        if (attempt == 5) {
          throw e;
        }
      }
    }
  }

  @SuppressWarnings("unchecked")
  private <T> T js(String script) {
    return (T) ((JavascriptExecutor) browser).executeScript(script);
  }

  /** Polls {@code condition} (DOM reads may hit a node being replaced: that counts as not yet). */
  @FunctionalInterface
  private interface Check {
    boolean holds() throws Exception;
  }

  private static void await(String what, Duration bound, Check condition) throws InterruptedException {
    long deadline = System.nanoTime() + bound.toNanos();
    while (true) {
      try {
        if (condition.holds()) {
          return;
        }
      } catch (org.openqa.selenium.StaleElementReferenceException | org.openqa.selenium.NoSuchElementException e) {
        // re-rendered between find and read
      } catch (Exception e) {
        throw new IllegalStateException(what, e);
      }
      assertThat(System.nanoTime()).as("waiting for %s (%s)", what, bound).isLessThan(deadline);
      Thread.sleep(25);
    }
  }

  private static Update announce(Prefix p, Long otc, long... path) {
    List<PathAttribute> attrs = new ArrayList<>();
    attrs.add(new PathAttribute.Origin(OriginType.IGP));
    attrs.add(new PathAttribute.AsPath(List.of(AsPathSegment.sequence(path))));
    attrs.add(new PathAttribute.NextHop(IpAddress.parse("192.0.2.2")));
    if (otc != null) {
      attrs.add(new PathAttribute.Otc(otc));
    }
    return new Update(List.of(), PathAttributes.of(attrs.toArray(PathAttribute[]::new)), List.of(Nlri.of(p)));
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
