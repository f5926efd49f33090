package org.bgpsentry.daemon.kafka;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.bgpsentry.daemon.config.KafkaConfig;

/**
 * Whether the cluster of a {@code kafka:} section answers, within a bound: {@code check-config}
 * reports an unreachable broker as a warning, never by hanging (issue 14).
 */
public final class BrokerCheck {
  private BrokerCheck() {}

  /** A warning naming the section's {@code file:line:col}, or empty when a broker answered. */
  public static Optional<String> warning(KafkaConfig config, Duration timeout) {
    String where = config.bootstrapAt() + ": warning: kafka.bootstrap_servers " + config.bootstrapServers();
    Admin admin = new KafkaClients(config).admin("check", timeout);
    try {
      int nodes = admin.describeCluster().nodes().get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS).size();
      return nodes > 0 ? Optional.empty() : Optional.of(where + ": the cluster answered with no brokers");
    } catch (ExecutionException e) {
      return Optional.of(where + ": not reachable within " + timeout.toSeconds() + "s (" + e.getCause().getMessage() + ")");
    } catch (TimeoutException e) {
      return Optional.of(where + ": not reachable within " + timeout.toSeconds() + "s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of(where + ": check interrupted");
    } finally {
      admin.close(Duration.ZERO);
    }
  }
}
