package org.bgpsentry.daemon;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bgpsentry.daemon.alert.Receiver;
import org.bgpsentry.daemon.kafka.KafkaBroker;

/**
 * Collectors and detectors for the Kafka tests, built as {@code bgpsentry run} builds them
 * ({@link Wiring#components}) from a config written to a directory of their own.
 */
final class KafkaDaemons {
  private KafkaDaemons() {}

  /**
   * The {@code kafka:} line (docs/scaling.md) for a daemon of {@code role} on {@code broker},
   * its topics named {@code topicPrefix}.*.
   */
  static String kafka(KafkaBroker broker, String topicPrefix, String role) {
    return "kafka: {bootstrap_servers: [\"%s\"], topic_prefix: %s, role: %s}\n"
        .formatted(broker.bootstrap(), topicPrefix, role);
  }

  /** An {@code alerts:} section with one webhook, {@code noc}, posting JSON to {@code hook}'s {@code /hook}. */
  static String webhook(Receiver hook) {
    return """
        alerts:
          webhooks:
            - {name: noc, url: "%s", format: json}
        """.formatted(hook.uri("/hook"));
  }

  /**
   * Writes {@code prefixes.yml} and {@code bgpsentry.yml} ({@code yaml}, then the registry, an
   * HTTP API on a free loopback port and a state directory) into {@code dir} and loads them.
   */
  static Daemon.Loaded load(Path dir, String prefixes, String yaml) throws Exception {
    return Daemon.load(write(dir, prefixes, yaml + "http: {listen: \"127.0.0.1:0\"}\n"));
  }

  /**
   * Writes {@code prefixes.yml} and {@code bgpsentry.yml} ({@code yaml}, then the registry and a
   * state directory) into {@code dir}; returns the config file.
   */
  static Path write(Path dir, String prefixes, String yaml) throws Exception {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("prefixes.yml"), prefixes);
    return Files.writeString(dir.resolve("bgpsentry.yml"), yaml + """
        registry: {file: prefixes.yml}
        state_dir: state
        """);
  }

  /**
   * {@code bgpsentry run --config config} in a JVM of its own (so that a test can kill it with
   * -9), its output appended to {@code log}.
   */
  static Process run(Path config, Path log) throws Exception {
    List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
        "-cp", System.getProperty("java.class.path"), Main.class.getName(), "run", "--config", config.toString());
    return new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
  }

  /** The daemon {@code bgpsentry run} would make of {@code loaded}, not started. */
  static Daemon daemon(Daemon.Loaded loaded) {
    return new Daemon(loaded.config(), loaded.registry(), Wiring.components(loaded.config()));
  }
}
