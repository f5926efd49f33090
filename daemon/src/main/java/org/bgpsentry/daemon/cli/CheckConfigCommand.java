package org.bgpsentry.daemon.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.bgpsentry.analytics.prefix.RegisteredPrefix;
import org.bgpsentry.daemon.config.BgpsentryConfig;
import org.bgpsentry.daemon.config.ConfigError;
import org.bgpsentry.daemon.config.ConfigException;
import org.bgpsentry.daemon.config.ConfigLoader;
import org.bgpsentry.daemon.config.IngressCheck;
import org.bgpsentry.daemon.config.RegistryLoader;
import org.bgpsentry.daemon.kafka.BrokerCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bgpsentry check-config --config FILE}: validates the config and the registry it names,
 * prints every problem as {@code file:line:col: ...} and exits 2 when any (docs/cli.md); warns
 * (exit 0) when the HTTP API listens beyond loopback without a token (docs/api.md). With
 * a {@code kafka:} section it also asks the cluster, for at most {@link #BROKER_TIMEOUT}; an
 * unreachable one is a warning (the daemon waits for it), not an error.
 */
@Command(name = "check-config", description = "Validate the config and registry; print problems.")
final class CheckConfigCommand implements Callable<Integer> {
  /** How long a {@code kafka:} cluster gets to answer before it is reported unreachable. */
  static final Duration BROKER_TIMEOUT = Duration.ofSeconds(5);

  @Option(names = "--config", required = true, description = "the YAML config file")
  Path config;

  @Option(
      names = "--for",
      defaultValue = "run",
      description = "the command the config is for: run (needs bgp, peers) or replay")
  String purpose;

  @Override
  public Integer call() {
    BgpsentryConfig.Purpose p =
        "replay".equals(purpose) ? BgpsentryConfig.Purpose.REPLAY : BgpsentryConfig.Purpose.RUN;
    try {
      BgpsentryConfig cfg = ConfigLoader.load(config, p);
      List<RegisteredPrefix> prefixes =
          cfg.registryFile() == null ? List.of() : RegistryLoader.load(cfg.registryFile());
      String warning = cfg.http().exposureWarning();
      if (warning != null) {
        System.err.println(config + ": warning: " + warning);
      }
      // a Kafka detector has no peers: the collectors send where theirs stand (docs/scaling.md)
      boolean detector = cfg.kafka() != null && cfg.kafka().role() == org.bgpsentry.daemon.config.KafkaConfig.Role.DETECTOR;
      if (p == BgpsentryConfig.Purpose.RUN && cfg.registryFile() != null && !detector) {
        IngressCheck.warnings(cfg.registryFile().toString(), prefixes, IngressCheck.knownLocations(cfg))
            .forEach(System.err::println);
      }
      System.out.println(
          config + ": ok (" + cfg.peers().size() + " peers, "
              + (cfg.bmp() == null ? "" : cfg.bmp().routers().size() + " BMP routers, ") + prefixes.size()
              + " registered prefixes, " + cfg.webhooks().size() + " webhooks)");
      if (cfg.kafka() != null) {
        BrokerCheck.warning(cfg.kafka(), BROKER_TIMEOUT).ifPresent(System.err::println);
      }
      return BgpsentryCommand.EXIT_OK;
    } catch (ConfigException e) {
      for (ConfigError err : e.errors()) {
        System.err.println(err);
      }
      return BgpsentryCommand.EXIT_USAGE;
    }
  }
}
