package org.bgpsentry.daemon.config;

import java.nio.file.Path;
import java.util.List;

/**
 * The whole {@code --config} file (docs/configuration.md), validated; paths are absolute.
 *
 * @param bgp null when the file has no {@code bgp:} (allowed for {@code replay} only)
 * @param registryFile {@code registry.file}, or null
 * @param asRelationships {@code data.as_relationships}, or null
 * @param risLive {@code sources.ris_live}, or null when RIS Live is off
 * @param bmp the BMP station (docs/operators-guide.md "Monitoring routers with BMP"), or null when off
 * @param kafka the {@code kafka:} section (docs/scaling.md), or null: one daemon does everything
 */
public record BgpsentryConfig(
    Path file,
    BgpConfig bgp,
    List<PeerConfig> peers,
    Path registryFile,
    Path asRelationships,
    RpkiConfig rpki,
    DetectionConfig detection,
    LatencyConfig latency,
    HttpConfig http,
    Path stateDir,
    List<WebhookConfig> webhooks,
    RisLiveConfig risLive,
    BmpConfig bmp,
    KafkaConfig kafka) {

  public BgpsentryConfig {
    peers = List.copyOf(peers);
    webhooks = List.copyOf(webhooks);
  }

  /** Which command the file is checked for: {@code run} needs {@code bgp} and {@code peers}. */
  public enum Purpose {
    RUN,
    REPLAY,
    /** {@code generate}: any valid config (it reads {@code detection} and {@code http}); nothing required. */
    GENERATE
  }
}
