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
import org.bgpsentry.daemon.ingest.DetectionData;
import org.bgpsentry.daemon.ingest.VrpFile;
import org.bgpsentry.daemon.kafka.BrokerCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bgpsentry check-config --config FILE}: validates the config, the registry it names and
 * the data files run would refuse at start,
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
      description =
          "the command the config is for: run (needs bgp and peers, or bmp or sources) or replay (needs registry)")
  String purpose;

  @Spec CommandSpec spec;

  /**
   * The data files {@code run} and {@code replay} load at start ({@code data.as_relationships},
   * {@code rpki.vrp_file}): one they would refuse is a problem here too.
   */
  private static List<String> dataProblems(BgpsentryConfig cfg) {
    List<String> out = new java.util.ArrayList<>();
    if (cfg.asRelationships() != null) {
      try {
        DetectionData.relationships(cfg);
      } catch (java.io.IOException | IllegalArgumentException e) {
        out.add(cfg.asRelationships() + ": " + e.getMessage());
      }
    }
    if (cfg.rpki().vrpFile() != null) {
      try {
        VrpFile.load(cfg.rpki().vrpFile());
      } catch (IllegalArgumentException e) {
        out.add(e.getMessage()); // names the file and the entry
      } catch (java.io.IOException e) {
        out.add(cfg.rpki().vrpFile() + ": " + e.getMessage() + " (expected: rpki-client JSON)");
      }
    }
    return out;
  }

  @Override
  public Integer call() {
    if (!List.of("run", "replay").contains(purpose)) {
      throw new ParameterException(
          spec.commandLine(), "Invalid value for option '--for': '" + purpose + "' (expected: run or replay)");
    }
    BgpsentryConfig.Purpose p =
        "replay".equals(purpose) ? BgpsentryConfig.Purpose.REPLAY : BgpsentryConfig.Purpose.RUN;
    try {
      BgpsentryConfig cfg = ConfigLoader.load(config, p);
      List<RegisteredPrefix> prefixes =
          cfg.registryFile() == null ? List.of() : RegistryLoader.load(cfg.registryFile());
      List<String> dataProblems = dataProblems(cfg);
      if (!dataProblems.isEmpty()) {
        dataProblems.forEach(System.err::println);
        return BgpsentryCommand.EXIT_USAGE;
      }
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
      if (p == BgpsentryConfig.Purpose.RUN
          && e.errors().stream().anyMatch(err -> err.message().startsWith("missing required key 'bgp'"))) {
        System.err.println(config + ": note: checked for run; a config for replay alone is checked with --for replay");
      }
      return BgpsentryCommand.EXIT_USAGE;
    }
  }
}
