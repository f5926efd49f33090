package org.bgpsentry.daemon.kafka;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Apache Kafka broker (kafka_2.13, KRaft combined mode: broker and controller in one
 * process) on loopback, in a JVM of its own so that a test can stop it (SIGTERM or kill -9) and
 * start it again on the same port and log directory. Its class path is the one Maven wrote to
 * {@code target/kafka-broker.classpath}. Output goes to {@code broker.log} in its directory.
 */
public final class KafkaBroker implements AutoCloseable {
  private static final Duration START = Duration.ofSeconds(90);

  private final Path dir;
  private final int port;
  private final int controllerPort;
  private Process process;

  private KafkaBroker(Path dir, int port, int controllerPort) {
    this.dir = dir;
    this.port = port;
    this.controllerPort = controllerPort;
  }

  /** Formats a log directory in {@code dir} and starts a broker on a free loopback port. */
  public static KafkaBroker start(Path dir) throws Exception {
    KafkaBroker b = create(dir);
    b.restart();
    return b;
  }

  /**
   * Formats a log directory in {@code dir} for a broker on a free loopback port, without starting
   * it: clients may be pointed at {@link #bootstrap} before {@link #restart} brings it up.
   */
  public static KafkaBroker create(Path dir) throws Exception {
    KafkaBroker b = new KafkaBroker(dir, freePort(), freePort());
    b.format();
    return b;
  }

  /** {@code 127.0.0.1:port}, for {@code bootstrap_servers} and kcat's {@code -b}. */
  public String bootstrap() {
    return "127.0.0.1:" + port;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static String classpath() throws IOException {
    Path cp = Path.of("target", "kafka-broker.classpath");
    Assumptions.assumeTrue(Files.isRegularFile(cp),
        cp.toAbsolutePath() + " is missing (written by maven-dependency-plugin at generate-test-resources): broker test skipped");
    return Files.readString(cp).strip();
  }

  private Path properties() throws IOException {
    Path file = dir.resolve("server.properties");
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("log.dirs", dir.resolve("data").toString());
    p.put("num.partitions", "1");
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "4");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("log.cleaner.dedupe.buffer.size", Integer.toString(2 * 1024 * 1024));
    try (var out = Files.newBufferedWriter(file)) {
      p.store(out, "bgpsentry test broker");
    }
    return file;
  }

  private List<String> java(String mainClass, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true",
        "-Dlogback.configurationFile=" + logback(), "-cp", classpath(), mainClass));
    cmd.addAll(List.of(args));
    return cmd;
  }

  /**
   * Logging at INFO: without a configuration logback logs at DEBUG, a line per request (the
   * class path holds no logback.xml), which costs the broker more CPU than the requests.
   */
  private Path logback() throws IOException {
    Path file = dir.resolve("logback.xml");
    Files.writeString(file, """
        <configuration>
          <appender name="out" class="ch.qos.logback.core.ConsoleAppender">
            <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n</pattern></encoder>
          </appender>
          <root level="INFO"><appender-ref ref="out"/></root>
        </configuration>
        """);
    return file;
  }

  /** {@code kafka-storage format}: a fresh cluster id, the log directory made ready for KRaft. */
  private void format() throws Exception {
    Files.createDirectories(dir);
    Path props = properties();
    Process f = new ProcessBuilder(java("kafka.tools.StorageTool", "format", "--cluster-id",
        Uuid.randomUuid().toString(), "--config", props.toString()))
        .redirectErrorStream(true).redirectOutput(dir.resolve("format.log").toFile()).start();
    if (!f.waitFor(60, TimeUnit.SECONDS) || f.exitValue() != 0) {
      f.destroyForcibly();
      throw new IllegalStateException("kafka-storage format failed: " + Files.readString(dir.resolve("format.log")));
    }
  }

  /** Starts the broker (again) and waits until it answers, at most {@link #START}. */
  public void restart() throws Exception {
    process = new ProcessBuilder(java("kafka.Kafka", dir.resolve("server.properties").toString()))
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("broker.log").toFile()))
        .start();
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
    long deadline = System.nanoTime() + START.toNanos();
    try (Admin admin = Admin.create(p)) {
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new IllegalStateException("broker exited " + process.exitValue() + "; see " + dir.resolve("broker.log"));
        }
        try {
          if (!admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty()) {
            return;
          }
        } catch (Exception e) {
          Thread.sleep(200);
        }
      }
    }
    close();
    throw new IllegalStateException("broker did not answer within " + START + "; see " + dir.resolve("broker.log"));
  }

  /** Stops the broker cleanly (SIGTERM), waiting for it; {@link #restart} brings it back. */
  public void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
