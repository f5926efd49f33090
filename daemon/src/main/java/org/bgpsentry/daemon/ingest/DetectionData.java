package org.bgpsentry.daemon.ingest;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.bgpsentry.analytics.asrel.AsRelationships;
import org.bgpsentry.analytics.detect.DetectionEngine;
import org.bgpsentry.analytics.detect.DetectionSettings;
import org.bgpsentry.analytics.prefix.PrefixRegistry;
import org.bgpsentry.analytics.rpki.VrpSources;
import org.bgpsentry.daemon.config.BgpsentryConfig;
import org.bgpsentry.daemon.config.ConfigException;
import org.bgpsentry.daemon.config.DetectionConfig;
import org.bgpsentry.daemon.config.RegistryLoader;

/**
 * Everything the detection engine reads from files named in the config (docs/configuration.md): the
 * registry, the CAIDA AS relationships ({@code data.as_relationships}, .gz/.bz2 ok) and the VRP
 * file ({@code rpki.vrp_file}, with its ASPAs). Loaded at start by {@code run} and {@code replay}
 * alike, and again on reload; {@link #applyTo} hands it to an engine, which re-checks its routes.
 *
 * @param relationships {@link AsRelationships#EMPTY} when not configured
 * @param rpki the VRP file's contents, null when none is configured (RTR feeds the engine itself)
 */
public record DetectionData(PrefixRegistry registry, AsRelationships relationships, RpkiData rpki) {
  /** The name of the VRP file's part in the engine's {@link VrpSources}. */
  public static final String FILE_SOURCE = "file";


  /**
   * @throws ConfigException for an invalid registry (file:line:col)
   * @throws IOException for an unreadable data file
   * @throws IllegalArgumentException for a malformed AS relationships or VRP file
   */
  public static DetectionData load(BgpsentryConfig cfg) throws ConfigException, IOException {
    return load(cfg, null);
  }

  /**
   * {@link #load(BgpsentryConfig)}, the registry through a snapshot in {@code registryCache}
   * ({@link RegistryLoader#load(Path, Path)}; null: none).
   */
  public static DetectionData load(BgpsentryConfig cfg, Path registryCache) throws ConfigException, IOException {
    PrefixRegistry registry =
        cfg.registryFile() == null
            ? PrefixRegistry.EMPTY
            : new PrefixRegistry(RegistryLoader.load(cfg.registryFile(), registryCache));
    AsRelationships rel = relationships(cfg);
    RpkiData rpki = cfg.rpki().vrpFile() == null ? null : VrpFile.load(cfg.rpki().vrpFile());
    return new DetectionData(registry, rel, rpki);
  }

  /** {@code data.as_relationships} (.gz/.bz2 ok), or {@link AsRelationships#EMPTY}. */
  public static AsRelationships relationships(BgpsentryConfig cfg) throws IOException {
    if (cfg.asRelationships() == null) {
      return AsRelationships.EMPTY;
    }
    try (Reader r =
        new InputStreamReader(MrtFiles.open(cfg.asRelationships()), StandardCharsets.US_ASCII)) {
      return AsRelationships.parse(r);
    }
  }

  /** The engine settings of {@code detection} and {@code rpki.stale_after}. */
  public static DetectionSettings settings(BgpsentryConfig cfg) {
    DetectionConfig d = cfg.detection();
    return new DetectionSettings(
        d.minPeers(), d.maxPathLength(), d.resolveAfter(), d.repeatInterval(), cfg.rpki().staleAfter(),
        cfg.risLive() == null ? DetectionSettings.DEFAULT_PUBLIC_MIN_PEERS : cfg.risLive().minPeers());
  }

  /** Hands what was loaded to {@code engine} (each update re-checks the engine's routes). */
  public void applyTo(DetectionEngine engine) {
    if (relationships.size() > 0) {
      engine.updateRelationships(relationships);
    }
    if (rpki != null) {
      engine.updateVrps(VrpSources.NONE.with(FILE_SOURCE, rpki.vrps()));
      if (!rpki.aspas().isEmpty()) {
        engine.updateAspas(rpki.aspas());
      }
    }
    if (engine.registry() != registry) {
      engine.updateRegistry(registry);
    }
  }
}
