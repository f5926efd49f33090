package org.bgpsentry.daemon.cli;

import io.netty.util.internal.logging.InternalLoggerFactory;
import io.netty.util.internal.logging.JdkLoggerFactory;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import org.bgpsentry.analytics.alert.AlertSink;
import org.bgpsentry.analytics.detect.DetectionEngine;
import org.bgpsentry.analytics.event.EventClock;
import org.bgpsentry.daemon.alert.AlertJson;
import org.bgpsentry.daemon.config.BgpsentryConfig;
import org.bgpsentry.daemon.config.ConfigError;
import org.bgpsentry.daemon.config.ConfigException;
import org.bgpsentry.daemon.config.ConfigLoader;
import org.bgpsentry.daemon.ingest.DetectionData;
import org.bgpsentry.daemon.ingest.MrtReplay;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bgpsentry replay --config FILE [--rib MRT]... MRT...} (docs/cli.md): feeds MRT files
 * through the detection engine with the MRT timestamps as the clock and prints every alert
 * transition as one JSON line (the docs/alerts.md object) on stdout, in time order. A summary and
 * any log output go to stderr. Exit 2 on an invalid config or registry, 1 on an unreadable file.
 */
@Command(
    name = "replay",
    description = "Replay MRT files through the detection engine; alerts as JSON lines on stdout.",
    mixinStandardHelpOptions = true)
final class ReplayCommand implements Callable<Integer> {
  @Option(names = "--config", required = true, description = "YAML config (registry, data, rpki, detection)")
  Path config;

  @Option(names = "--rib", description = "RIB dump loaded first as the starting state (repeatable)")
  List<Path> ribs = List.of();

  @Parameters(arity = "0..*", paramLabel = "MRT", description = "update files (plain, .gz or .bz2)")
  List<Path> updates = List.of();

  /**
   * The launcher's cache directory for this user ({@code -Dbgpsentry.cache.dir}, set by
   * bin/bgpsentry and the Debian package's launcher), where a valid registry is kept as a binary
   * snapshot for the next replay; null when not set.
   */
  static Path registryCache() {
    String dir = System.getProperty("bgpsentry.cache.dir", "");
    return dir.isBlank() ? null : Path.of(dir);
  }

  @Override
  public Integer call() {
    // stdout carries only alert lines: anything logged (to System.out) goes to stderr instead
    System.setOut(System.err);
    // as in `mrt dump`: Netty's few log lines go to stderr through java.util.logging, and the
    // command starts without configuring logback (~0.1 s of a small replay)
    InternalLoggerFactory.setDefaultFactory(JdkLoggerFactory.INSTANCE);
    BgpsentryConfig cfg;
    DetectionData data;
    try {
      cfg = ConfigLoader.load(config, BgpsentryConfig.Purpose.REPLAY);
      data = DetectionData.load(cfg, registryCache());
    } catch (ConfigException e) {
      e.errors().stream().map(ConfigError::toString).forEach(System.err::println);
      return BgpsentryCommand.EXIT_USAGE;
    } catch (IllegalArgumentException e) {
      System.err.println("replay: " + e.getMessage());
      return BgpsentryCommand.EXIT_USAGE;
    } catch (IOException e) {
      System.err.println("replay: " + e);
      return BgpsentryCommand.EXIT_RUNTIME;
    }
    if (ribs.isEmpty() && updates.isEmpty()) {
      System.err.println("replay: no MRT files given (expected: [--rib FILE]... FILE...)");
      return BgpsentryCommand.EXIT_USAGE;
    }
    OutputStream out = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
    long[] alerts = new long[1];
    AlertSink sink =
        a -> {
          alerts[0]++;
          try {
            out.write(AlertJson.write(a));
            out.write('\n');
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        };
    EventClock clock = new EventClock();
    DetectionEngine engine =
        new DetectionEngine(DetectionData.settings(cfg), data.registry(), sink, clock, new Random());
    data.applyTo(engine);
    try {
      MrtReplay replay = new MrtReplay(engine, clock);
      replay.loadRibs(ribs);
      replay.replay(updates);
      out.flush();
      System.err.printf(
          "replay: %d MRT records, %d routes announced or withdrawn, %d peers, %d registered"
              + " prefixes, %d alert transitions, %d still firing%n",
          replay.records(), replay.routeChanges(), replay.peers().size(), data.registry().size(),
          alerts[0], engine.firing().size());
      replay.skipped().forEach((k, v) -> System.err.printf("replay: skipped %d: %s%n", v, k));
      return BgpsentryCommand.EXIT_OK;
    } catch (IOException | UncheckedIOException e) {
      System.err.println("replay: " + e);
      return BgpsentryCommand.EXIT_RUNTIME;
    }
  }
}
