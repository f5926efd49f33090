package org.bgpsentry.daemon.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import org.bgpsentry.analytics.alert.AlertSink;
import org.bgpsentry.analytics.asrel.AsRelationships;
import org.bgpsentry.analytics.detect.DetectionEngine;
import org.bgpsentry.analytics.detect.DetectionSettings;
import org.bgpsentry.analytics.prefix.PrefixRegistry;
import org.bgpsentry.daemon.alert.AlertJson;
import org.bgpsentry.daemon.config.BgpsentryConfig;
import org.bgpsentry.daemon.config.ConfigError;
import org.bgpsentry.daemon.config.ConfigException;
import org.bgpsentry.daemon.config.ConfigLoader;
import org.bgpsentry.daemon.config.DetectionConfig;
import org.bgpsentry.daemon.config.RegistryLoader;
import org.bgpsentry.daemon.ingest.MrtFiles;
import org.bgpsentry.daemon.ingest.MrtReplay;
import org.bgpsentry.daemon.ingest.ReplayClock;
import org.bgpsentry.daemon.ingest.VrpFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bgpsentry replay --config FILE [--rib MRT]... MRT...} (CONTRACT.md §2): feeds MRT files
 * through the detection engine with the MRT timestamps as the clock and prints every alert
 * transition as one JSON line (the CONTRACT.md §5 object) on stdout, in time order. A summary and
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

  @Override
  public Integer call() {
    // stdout carries only alert lines: anything logged (to System.out) goes to stderr instead
    System.setOut(System.err);
    BgpsentryConfig cfg;
    PrefixRegistry registry;
    try {
      cfg = ConfigLoader.load(config, BgpsentryConfig.Purpose.REPLAY);
      registry = new PrefixRegistry(RegistryLoader.load(cfg.registryFile()));
    } catch (ConfigException e) {
      e.errors().stream().map(ConfigError::toString).forEach(System.err::println);
      return BgpsentryCommand.EXIT_USAGE;
    }
    if (ribs.isEmpty() && updates.isEmpty()) {
      System.err.println("replay: no MRT files given (expected: [--rib FILE]... FILE...)");
      return BgpsentryCommand.EXIT_USAGE;
    }
    OutputStream out = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
    AlertSink sink =
        a -> {
          try {
            out.write(AlertJson.write(a));
            out.write('\n');
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        };
    long[] alerts = new long[1];
    ReplayClock clock = new ReplayClock();
    DetectionEngine engine =
        new DetectionEngine(
            settings(cfg), registry, a -> { alerts[0]++; sink.accept(a); }, clock, new Random());
    try {
      if (cfg.asRelationships() != null) {
        try (Reader r =
            new InputStreamReader(MrtFiles.open(cfg.asRelationships()), StandardCharsets.US_ASCII)) {
          engine.updateRelationships(AsRelationships.parse(r));
        }
      }
      if (cfg.rpki().vrpFile() != null) {
        VrpFile.Contents vrps = VrpFile.load(cfg.rpki().vrpFile());
        engine.updateVrps(vrps.vrps());
        if (!vrps.aspas().isEmpty()) {
          engine.updateAspas(vrps.aspas());
        }
      }
      MrtReplay replay = new MrtReplay(engine, clock);
      replay.loadRibs(ribs);
      replay.replay(updates);
      out.flush();
      System.err.printf(
          "replay: %d MRT records, %d route changes, %d peers, %d registered prefixes, %d alert"
              + " transitions, %d still firing%n",
          replay.records(), replay.routeChanges(), replay.peers().size(), registry.size(),
          alerts[0], engine.firing().size());
      replay.skipped().forEach((k, v) -> System.err.printf("replay: skipped %d: %s%n", v, k));
      return BgpsentryCommand.EXIT_OK;
    } catch (IllegalArgumentException e) {
      System.err.println("replay: " + e.getMessage());
      return BgpsentryCommand.EXIT_USAGE;
    } catch (IOException | UncheckedIOException e) {
      System.err.println("replay: " + e.getMessage());
      return BgpsentryCommand.EXIT_RUNTIME;
    }
  }

  private static DetectionSettings settings(BgpsentryConfig cfg) {
    DetectionConfig d = cfg.detection();
    return new DetectionSettings(
        d.minPeers(), d.maxPathLength(), d.resolveAfter(), d.repeatInterval(), cfg.rpki().staleAfter());
  }
}
