package org.bgpsentry.daemon.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import org.bgpsentry.daemon.alert.Receiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * wss:// (RFC 6455 §3 over TLS): a server with a self-signed certificate for "localhost" (made by
 * the JDK's keytool) is trusted only through {@code ca_file}; without it, or under another name,
 * the handshake fails, is counted as {@code tls}, and nothing is subscribed. Verification is never off.
 */
class RisLiveTlsTest {
  @TempDir static Path certs;
  static SslContext serverSsl;

  RisLiveSourceTest t = new RisLiveSourceTest();

  @BeforeEach
  void setUp(@TempDir Path dir) throws Exception {
    if (serverSsl == null) {
      serverSsl = selfSigned(certs);
    }
    t.dir = dir;
    t.server = new RisLiveServer(serverSsl);
    t.hook = new Receiver();
  }

  @AfterEach
  void tearDown() throws Exception {
    t.tearDown();
  }

  static SslContext selfSigned(Path dir) throws Exception {
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    Path ks = dir.resolve("server.p12");
    run(keytool, "-genkeypair", "-alias", "ris", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
        "-ext", "san=dns:localhost", "-validity", "2", "-keystore", ks.toString(), "-storetype", "PKCS12",
        "-storepass", "changeit", "-keypass", "changeit");
    run(keytool, "-exportcert", "-rfc", "-alias", "ris", "-keystore", ks.toString(), "-storepass", "changeit",
        "-file", dir.resolve("ca.pem").toString());
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(ks)) {
      store.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(store, "changeit".toCharArray());
    return SslContextBuilder.forServer(kmf).build();
  }

  private static void run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
  }

  @Test
  void wssWithTheCaFileConnectsAndSubscribes() throws Exception {
    Files.copy(certs.resolve("ca.pem"), t.dir.resolve("ca.pem"));
    t.start(RisLiveSourceTest.YOUTUBE, "    ca_file: ca.pem", t.server.url(true), true);
    assertThat(t.server.subscribed()).contains("208.65.152.0/22");
    t.server.publish(RisLiveSourceTest.announce("rrc00", "192.0.2.1", 3333, "208.65.152.0/22", 3333, 3356, 36561));
    t.awaitRoutes("208.65.152.0/22", 1);
    assertThat(t.metric("bgpsentry_source_errors", "source", "ris_live", "reason", "tls")).isZero();
  }

  @Test
  void wssWithoutTrustIsRefusedAndCounted() throws Exception {
    t.start(RisLiveSourceTest.YOUTUBE, "", t.server.url(true), false);
    Receiver.await(() -> t.metric("bgpsentry_source_errors", "source", "ris_live", "reason", "tls") >= 2,
        RisLiveSourceTest.WAIT, "TLS failures counted (and retried)");
    assertThat(t.server.subscribed()).isEmpty();
    assertThat(t.metric("bgpsentry_source_up", "source", "ris_live")).isZero();
  }

  @Test
  void wssToAnotherNameThanTheCertificatesIsRefusedEvenWithTheCaFile() throws Exception {
    Files.copy(certs.resolve("ca.pem"), t.dir.resolve("ca.pem"));
    String byAddress = t.server.url(true).replace("localhost", "127.0.0.1");
    t.start(RisLiveSourceTest.YOUTUBE, "    ca_file: ca.pem", byAddress, false);
    Receiver.await(() -> t.metric("bgpsentry_source_errors", "source", "ris_live", "reason", "tls") >= 1,
        RisLiveSourceTest.WAIT, "the name mismatch counted");
    assertThat(t.server.subscribed()).isEqualTo(List.of());
  }
}
