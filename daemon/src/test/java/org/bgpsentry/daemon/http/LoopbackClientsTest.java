package org.bgpsentry.daemon.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** docs/api.md: without a token, which clients may change state. */
class LoopbackClientsTest {
  static boolean loopback(String address) throws Exception {
    return LoopbackClients.isLoopback(new InetSocketAddress(InetAddress.getByName(address), 40000));
  }

  @Test
  void loopbackAddressesOfBothFamilies() throws Exception {
    assertThat(loopback("127.0.0.1")).isTrue();
    assertThat(loopback("127.1.2.3")).isTrue();
    assertThat(loopback("::1")).isTrue();
    assertThat(loopback("::ffff:127.0.0.1")).isTrue();
  }

  @Test
  void everythingElseIsNot() throws Exception {
    assertThat(loopback("0.0.0.0")).isFalse();
    assertThat(loopback("198.51.100.2")).isFalse();
    assertThat(loopback("128.0.0.1")).isFalse();
    assertThat(loopback("2001:db8::1")).isFalse();
    assertThat(loopback("::")).isFalse();
    assertThat(loopback("::ffff:198.51.100.2")).isFalse();
    assertThat(loopback("fe80::1")).isFalse();
    assertThat(LoopbackClients.isLoopback((java.net.SocketAddress) null)).isFalse();
    assertThat(LoopbackClients.isLoopback(InetSocketAddress.createUnresolved("localhost", 1))).isFalse();
    EmbeddedChannel ch = new EmbeddedChannel();
    assertThat(LoopbackClients.isLoopback(ch.remoteAddress())).isFalse();
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void hostAndOriginHeadersNamingThisHost() {
    for (String h : new String[] {"127.0.0.1", "127.0.0.1:9180", "LOCALHOST:9180", "[::1]:9180", "http://127.0.0.1:9180",
        "http://localhost", "https://[::1]", "127.0.1.1"}) {
      assertThat(LoopbackClients.namesLoopback(h)).as(h).isTrue();
    }
    assertThat(LoopbackClients.namesLoopback(null)).isTrue();
    for (String h : new String[] {"attacker.example", "attacker.example:9180", "http://attacker.example", "null",
        "localhost.attacker.example", "198.51.100.1:9180", "[2001:db8::1]:9180", "[::1", "", "http://127.0.0.1.attacker.example"}) {
      assertThat(LoopbackClients.namesLoopback(h)).as(h).isFalse();
    }
  }
}
