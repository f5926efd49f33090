package org.bgpsentry.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import org.bgpsentry.analytics.prefix.RegisteredPrefix;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.bgpsentry.daemon.config.RegistryLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 §4: concurrent POST and DELETE /api/v1/prefixes against the running daemon leave
 * analytics on the registry the file holds at the end (RegistryService tells it each change
 * under the change's lock, in order), and GET /api/v1/routes during reloads that change the
 * peers answers (SessionsComponent reads its peers under its lock).
 */
class ConcurrentRegistryWritesTest {
  @TempDir Path dir;
  private Daemon daemon;

  @AfterEach
  void stop() {
    if (daemon != null) {
      daemon.close();
    }
  }

  private void writeConfig(int peers) throws Exception {
    StringBuilder p = new StringBuilder();
    for (int i = 0; i < peers; i++) {
      p.append("  - {name: p").append(i).append(", address: 192.0.2.").append(10 + i)
          .append(", remote_asn: 64500, mode: passive}\n");
    }
    Files.writeString(dir.resolve("bgpsentry.yml"), """
        bgp: {listen: "127.0.0.1:0", local_asn: 64512, router_id: 192.0.2.1}
        peers:
        %sregistry: {file: prefixes.yml}
        http: {listen: "127.0.0.1:0"}
        state_dir: %s
        """.formatted(peers == 0 ? "  []\n" : p, dir.resolve("state")).replace("peers:\n  []", "peers: []"));
  }

  static Set<Prefix> prefixes(List<RegisteredPrefix> list) {
    return list.stream().map(RegisteredPrefix::prefix).collect(Collectors.toSet());
  }

  @Test
  void concurrentApiWritesLeaveAnalyticsOnTheFinalRegistry() throws Exception {
    Files.writeString(dir.resolve("prefixes.yml"), "prefixes: []\n");
    writeConfig(2);
    Daemon.Loaded loaded = Daemon.load(dir.resolve("bgpsentry.yml"));
    DetectionComponent detection = new DetectionComponent();
    daemon = new Daemon(loaded.config(), loaded.registry(), List.of(detection, new SessionsComponent(detection)));
    daemon.start();
    ApiClient api = new ApiClient(() -> daemon.httpAddress().getPort());
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < 8; w++) {
      int n = w;
      threads.add(Thread.ofPlatform().start(() -> {
        try {
          for (int i = 0; i < 6; i++) {
            String p = "198.18." + (n * 6 + i) + ".0";
            int post = api.post("/api/v1/prefixes",
                "{\"prefixes\": [{\"prefix\": \"" + p + "/24\", \"origin_asns\": [64496]}]}");
            if (post != 200) {
              failures.add("POST " + p + ": " + post);
            }
            int delete = i % 3 == 0 ? api.delete("/api/v1/prefixes/" + p + "%2F24") : 200;
            if (delete != 200) {
              failures.add("DELETE " + p + ": " + delete);
            }
          }
        } catch (Exception e) {
          failures.add(e.toString());
        }
      }));
    }
    // meanwhile, reloads that drop and add peers, and route queries over the peers
    threads.add(Thread.ofPlatform().start(() -> {
      try {
        for (int i = 0; i < 6; i++) {
          writeConfig(i % 2 == 0 ? 5 : 1);
          if (api.post("/api/v1/reload", "{}") != 200) {
            failures.add("reload " + i);
          }
          if (api.status("/api/v1/routes?prefix=198.18.0.0/16&more_specifics=true") != 200) {
            failures.add("routes " + i);
          }
        }
      } catch (Exception e) {
        failures.add(e.toString());
      }
    }));
    for (Thread t : threads) {
      assertThat(t.join(Duration.ofSeconds(120))).isTrue();
    }
    assertThat(failures).isEmpty();
    Set<Prefix> inFile = prefixes(RegistryLoader.load(dir.resolve("prefixes.yml")));
    assertThat(inFile).hasSize(32);
    Set<Prefix> inAnalytics =
        detection.analytics().query(engine -> prefixes(engine.registry().entries())).join();
    assertThat(inAnalytics).isEqualTo(inFile);
  }
}
