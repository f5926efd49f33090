package org.bgpsentry.daemon;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.bgpsentry.analytics.prefix.RegisteredPrefix;
import org.bgpsentry.daemon.alert.AlertDispatcher;
import org.bgpsentry.daemon.alert.DeliveryPolicy;
import org.bgpsentry.daemon.config.BgpsentryConfig;
import org.bgpsentry.daemon.config.ConfigError;
import org.bgpsentry.daemon.config.ConfigException;
import org.bgpsentry.daemon.config.ConfigLoader;
import org.bgpsentry.daemon.config.RegistryLoader;
import org.bgpsentry.daemon.http.ApiViews;
import org.bgpsentry.daemon.http.HttpApi;
import org.bgpsentry.daemon.http.HttpApiServer;
import org.bgpsentry.daemon.metrics.BgpsentryMetrics;
import org.bgpsentry.daemon.web.StatusPage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code bgpsentry run} (docs/cli.md, docs/configuration.md): metrics, the durable alert dispatcher, the live
 * registry, the {@link DaemonComponent}s (sessions, detection, latency: plugged in by whoever
 * builds the daemon) and the HTTP API, started in that order and stopped in reverse. {@link
 * #reload} is SIGHUP's and {@code POST /api/v1/reload}'s work: an invalid config is refused and
 * the running one stays.
 */
public final class Daemon implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);
  static final long REGISTRY_POLL_MS = 2000;

  private final java.nio.file.Path configFile;
  private final List<DaemonComponent> components;
  private final BgpsentryMetrics metrics = new BgpsentryMetrics();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("registry-poll").unstarted(r));
  private final RegistryService registry;
  private volatile BgpsentryConfig config;
  private volatile ApiViews views;
  private volatile boolean ready;
  private AlertDispatcher dispatcher;
  private HttpApiServer http;
  private StatusPage statusPage;
  private final List<DaemonComponent> started = new ArrayList<>();

  /**
   * @param config the validated config (see {@link #load})
   * @param registry its registry entries, empty when none is configured
   * @param components started in order after the dispatcher, before the HTTP API
   */
  public Daemon(BgpsentryConfig config, List<RegisteredPrefix> registry, List<DaemonComponent> components) {
    this.configFile = config.file();
    this.config = config;
    this.components = List.copyOf(components);
    this.registry = new RegistryService(this::registryChanged);
    this.registry.set(config.registryFile(), registry);
  }

  /** A config and its registry, validated together. */
  public record Loaded(BgpsentryConfig config, List<RegisteredPrefix> registry) {}

  /** Loads and validates the config for {@code run} and the registry it names. */
  public static Loaded load(java.nio.file.Path file) throws ConfigException {
    BgpsentryConfig c = ConfigLoader.load(file, BgpsentryConfig.Purpose.RUN);
    List<RegisteredPrefix> r = c.registryFile() == null ? List.of() : RegistryLoader.load(c.registryFile());
    return new Loaded(c, r);
  }

  /** Starts everything; on failure, what started is stopped again. */
  public void start() throws Exception {
    try {
      try {
        dispatcher = new AlertDispatcher(config.stateDir(), metrics, DeliveryPolicy.DEFAULT, Clock.systemUTC());
      } catch (IOException e) {
        throw new IOException("cannot use state_dir " + config.stateDir() + ": " + e, e);
      }
      dispatcher.configure(config.webhooks());
      DaemonContext ctx =
          new DaemonContext(metrics, dispatcher, dispatcher.firing(), config.stateDir(), Clock.systemUTC(), dispatcher);
      List<RegisteredPrefix> reg = registryOrEmpty();
      for (DaemonComponent c : components) {
        c.start(ctx, config, reg);
        started.add(c);
      }
      views = buildViews();
      statusPage = new StatusPage(() -> views, Clock.systemUTC());
      dispatcher.addListener(statusPage::alert);
      http = new HttpApiServer(config.http().listen(), new HttpApi(() -> views, metrics, () -> config.http().token()), statusPage::handler);
      timer.scheduleWithFixedDelay(registry::pollFile, REGISTRY_POLL_MS, REGISTRY_POLL_MS, TimeUnit.MILLISECONDS);
      ready = true;
      LOG.info("bgpsentry running: {} peers, {} registered prefixes, {} webhooks, state in {}",
          config.peers().size(), reg.size(), config.webhooks().size(), config.stateDir());
    } catch (Exception | Error e) {
      close();
      throw e;
    }
  }

  private ApiViews buildViews() {
    ApiViews v = ApiViews.empty().withAlerts(dispatcher::alerts).withRegistry(registry).withReload(this::reload);
    for (DaemonComponent c : started) {
      v = c.contribute(v);
    }
    java.util.function.BooleanSupplier componentsReady = v.ready();
    return v.withReady(() -> ready && componentsReady.getAsBoolean());
  }

  private List<RegisteredPrefix> registryOrEmpty() {
    List<RegisteredPrefix> r = registry.list();
    return r == null ? List.of() : r;
  }

  /** Called by {@link RegistryService} under its lock: one change at a time, in order. */
  private void registryChanged(List<RegisteredPrefix> now) {
    metrics.retainPrefixes(new java.util.HashSet<>(now.stream().map(RegisteredPrefix::prefix).toList()));
    for (DaemonComponent c : started) {
      c.registryChanged(now);
    }
  }

  /** Re-reads config, registry and webhooks; returns the problems when the new config is refused. */
  public synchronized List<String> reload() {
    Loaded next;
    try {
      next = load(configFile);
    } catch (ConfigException e) {
      List<String> problems = e.errors().stream().map(ConfigError::toString).toList();
      LOG.error("reload refused, keeping the running config; {} problem(s):", problems.size());
      problems.forEach(LOG::error);
      return problems;
    }
    BgpsentryConfig c = next.config();
    if (!c.http().listen().equals(config.http().listen()) || !c.stateDir().equals(config.stateDir())) {
      LOG.warn("http.listen and state_dir changes take effect at the next restart");
    }
    // Two phases: every component prepares (reads files, binds listeners); only when all could
    // does any of it take effect, so a refused reload leaves the running config as it was.
    List<DaemonComponent.Reload> prepared = new ArrayList<>();
    try {
      for (DaemonComponent comp : started) {
        prepared.add(comp.prepareReload(c, next.registry()));
      }
    } catch (Exception e) {
      for (int i = prepared.size() - 1; i >= 0; i--) {
        prepared.get(i).abort();
      }
      LOG.error("reload refused, keeping the running config: {}", e.toString());
      return List.of("reload refused, keeping the running config: " + e);
    }
    try {
      dispatcher.configure(c.webhooks());
      for (DaemonComponent.Reload r : prepared) {
        r.apply();
      }
    } catch (Exception e) {
      LOG.error("reload failed while applying: {}", e.toString());
      return List.of("reload failed while applying: " + e);
    }
    config = new BgpsentryConfig(c.file(), c.bgp(), c.peers(), c.registryFile(), c.asRelationships(), c.rpki(),
        c.detection(), c.latency(), c.http(), config.stateDir(), c.webhooks(), c.risLive(), c.bmp(), c.kafka());
    registry.set(c.registryFile(), next.registry()); // tells registryChanged
    LOG.info("reloaded {}: {} peers, {} registered prefixes, {} webhooks",
        configFile, c.peers().size(), next.registry().size(), c.webhooks().size());
    return List.of();
  }

  /** Why the daemon no longer works (what /healthz reports), or null while it does. */
  public String failure() {
    ApiViews v = views;
    return v == null ? null : v.health().failure();
  }

  public BgpsentryMetrics metrics() {
    return metrics;
  }

  /** The HTTP listener's bound address (useful with port 0). */
  public InetSocketAddress httpAddress() {
    return http.localAddress();
  }

  /** Stops the status page, components in reverse order, then HTTP and delivery (pending stays in the outbox). */
  @Override
  public void close() {
    ready = false;
    timer.shutdownNow();
    if (statusPage != null) {
      statusPage.close(); // first: its poller reads the components' views, which end below
    }
    for (int i = started.size() - 1; i >= 0; i--) {
      try {
        started.get(i).close();
      } catch (RuntimeException e) {
        LOG.error("stopping {}: {}", started.get(i).getClass().getSimpleName(), e.toString());
      }
    }
    started.clear();
    if (http != null) {
      http.close();
    }
    if (dispatcher != null) {
      try {
        dispatcher.close();
      } catch (IOException e) {
        LOG.error("closing the alert state: {}", e.toString());
      }
    }
  }
}
