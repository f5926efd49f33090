package org.bgpsentry.daemon.cli;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import org.bgpsentry.daemon.Daemon;
import org.bgpsentry.daemon.DaemonComponent;
import org.bgpsentry.daemon.DetectionComponent;
import org.bgpsentry.daemon.LatencyComponent;
import org.bgpsentry.daemon.SessionsComponent;
import org.bgpsentry.daemon.config.BgpsentryConfig;
import org.bgpsentry.daemon.config.ConfigError;
import org.bgpsentry.daemon.config.ConfigException;
import org.bgpsentry.daemon.RouteSink;
import org.bgpsentry.daemon.config.KafkaConfig;
import org.bgpsentry.daemon.kafka.BmpRawTap;
import org.bgpsentry.daemon.kafka.EventPublisher;
import org.bgpsentry.daemon.kafka.KafkaComponent;
import org.bgpsentry.daemon.kafka.KafkaDetector;
import org.bgpsentry.daemon.kafka.TopicGate;
import org.bgpsentry.daemon.source.RisLiveSource;
import org.bgpsentry.daemon.systemd.SystemdNotifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/**
 * {@code bgpsentry run --config FILE}: the daemon in the foreground (systemd runs this). SIGHUP
 * reloads; SIGTERM and SIGINT stop cleanly and exit 0 (the JVM's default would exit 143).
 * {@code sun.misc.Signal} (module jdk.unsupported) is the JDK's only way to catch SIGHUP; javac
 * warns about it and the warning cannot be suppressed.
 */
@Command(name = "run", description = "Run the daemon in the foreground.")
final class RunCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

  @Option(names = "--config", required = true, description = "the YAML config file")
  Path config;

  /**
   * Components plugged into the daemon, in start order: detection first (its analytics thread
   * must be up before anything delivers events), the latency prober, the sessions (when {@code
   * bgp} is configured: docs/cli.md allows a daemon fed by {@code sources} or {@code bmp} alone),
   * then RIS Live and the BMP station (each off without its section).
   */
  static List<DaemonComponent> components(boolean sessions) {
    return local(sessions, null, null);
  }

  /** Detection and the sources; with {@code publish_bmp_raw} the sources also hand their raw messages to the BMP tap. */
  private static List<DaemonComponent> local(boolean sessions, KafkaConfig kafka, TopicGate gate) {
    DetectionComponent detection = new DetectionComponent();
    List<DaemonComponent> out = new java.util.ArrayList<>(List.of(detection, new LatencyComponent(detection)));
    out.addAll(sources(detection, sessions, kafka, gate));
    return out;
  }

  private static List<DaemonComponent> sources(RouteSink sink, boolean sessions, KafkaConfig kafka, TopicGate gate) {
    List<DaemonComponent> out = new java.util.ArrayList<>();
    BmpRawTap tap = null;
    if (kafka != null && kafka.publishBmpRaw()) {
      tap = new BmpRawTap(gate);
      out.add(tap);
    }
    if (sessions) {
      out.add(new SessionsComponent(sink, tap));
    }
    out.add(new RisLiveSource(tap == null ? sink : tap.risLive(sink)));
    out.add(new org.bgpsentry.daemon.bmp.BmpComponent(sink, tap));
    return out;
  }

  static List<DaemonComponent> components() {
    return components(true);
  }

  /**
   * The components {@code config} asks for. With a {@code kafka:} section (docs/scaling.md) the
   * Kafka side comes first, and the role decides the wiring of the same components: {@code
   * standalone} as without Kafka; {@code collector} sends the sources' events to Kafka instead of
   * detection; {@code detector} feeds detection from Kafka instead of sources.
   */
  static List<DaemonComponent> components(BgpsentryConfig config) {
    if (config.kafka() == null) {
      return components(config.bgp() != null);
    }
    List<DaemonComponent> out = new java.util.ArrayList<>();
    TopicGate gate = new TopicGate(); // this daemon's: its Kafka clients wait there for their topics
    switch (config.kafka().role()) {
      case STANDALONE -> {
        out.add(new KafkaComponent(gate, null));
        out.addAll(local(config.bgp() != null, config.kafka(), gate));
      }
      case COLLECTOR -> {
        EventPublisher events = new EventPublisher(gate);
        out.add(new KafkaComponent(gate, null));
        out.add(events);
        out.addAll(sources(events, config.bgp() != null, config.kafka(), gate));
      }
      case DETECTOR -> {
        DetectionComponent detection = new DetectionComponent();
        KafkaDetector detector = new KafkaDetector(detection, gate);
        out.add(new KafkaComponent(gate, detector));
        out.add(detector);
        out.add(new LatencyComponent(detection));
      }
    }
    return out;
  }

  @Override
  public Integer call() throws Exception {
    Daemon.Loaded loaded;
    try {
      loaded = Daemon.load(config);
    } catch (ConfigException e) {
      for (ConfigError err : e.errors()) {
        System.err.println(err);
      }
      return BgpsentryCommand.EXIT_USAGE;
    }
    CountDownLatch stop = new CountDownLatch(1);
    Daemon daemon = new Daemon(loaded.config(), loaded.registry(), components(loaded.config()));
    Signal.handle(new Signal("TERM"), s -> stop.countDown());
    Signal.handle(new Signal("INT"), s -> stop.countDown());
    SystemdNotifier systemd = SystemdNotifier.fromEnvironment(daemon.metrics()::statusLine, daemon::failure);
    Signal.handle(
        new Signal("HUP"),
        s ->
            Thread.ofPlatform()
                .name("reload")
                .start(
                    () -> {
                      systemd.reloading();
                      daemon.reload();
                      systemd.ready(daemon.metrics().statusLine());
                    }));
    if (ignoredSinceStart(1)) {
      LOG.warn("SIGHUP was ignored by whatever started bgpsentry (nohup?), and the JVM keeps it"
          + " ignored: reload with POST /api/v1/reload instead");
    }
    try {
      daemon.start();
    } catch (Exception e) {
      LOG.error("cannot start: {}", e.toString());
      systemd.close();
      return BgpsentryCommand.EXIT_RUNTIME;
    }
    systemd.ready(daemon.metrics().statusLine());
    stop.await();
    LOG.info("stopping");
    systemd.stopping();
    Thread stopper = Thread.ofPlatform().daemon().name("stop").start(daemon::close);
    stopper.join(9_000);
    if (stopper.isAlive()) {
      LOG.warn("components did not stop within 9 s; exiting anyway");
    }
    systemd.close();
    LOG.info("stopped");
    return BgpsentryCommand.EXIT_OK;
  }

  /**
   * Whether signal {@code signo} is ignored by this process (Linux {@code /proc/self/status}
   * SigIgn). A signal ignored at exec stays ignored: the JVM will not install a handler for it.
   */
  static boolean ignoredSinceStart(int signo) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("SigIgn:")) {
          return new BigInteger(line.substring(7).trim(), 16).testBit(signo - 1);
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or no procfs: nothing to tell
    }
    return false;
  }
}
