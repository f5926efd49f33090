package org.bgpsentry.analytics.prefix;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.junit.jupiter.api.Test;

class PrefixTrieTest {
  private static Prefix p(String s) {
    return Prefix.parse(s);
  }

  @Test
  void longestMatchPicksTheMostSpecificCoveringPrefix() {
    PrefixTrie<String> t = new PrefixTrie<>();
    t.put(p("208.65.152.0/22"), "youtube");
    t.put(p("208.0.0.0/8"), "eight");
    assertThat(t.longestMatch(p("208.65.153.0/24"))).isEqualTo("youtube");
    assertThat(t.longestMatch(p("208.65.152.0/22"))).isEqualTo("youtube");
    assertThat(t.longestMatch(p("208.65.0.0/16"))).isEqualTo("eight");
    assertThat(t.longestMatch(p("209.0.0.0/24"))).isNull();
    assertThat(t.get(p("208.65.153.0/24"))).isNull();
  }

  @Test
  void defaultRouteAndHostRoutesAreKeys() {
    PrefixTrie<String> t = new PrefixTrie<>();
    t.put(p("0.0.0.0/0"), "default");
    t.put(p("1.1.1.1/32"), "host");
    t.put(p("::/0"), "default6");
    assertThat(t.longestMatch(p("1.1.1.1/32"))).isEqualTo("host");
    assertThat(t.longestMatch(p("1.1.1.0/24"))).isEqualTo("default");
    assertThat(t.longestMatch(p("2001:db8::/32"))).isEqualTo("default6");
  }

  @Test
  void ipv4AndIpv6AreSeparateTrees() {
    PrefixTrie<String> t = new PrefixTrie<>();
    t.put(p("0.0.0.0/0"), "v4");
    assertThat(t.longestMatch(p("2001:db8::/32"))).isNull();
    t.put(p("2001:db8::/32"), "doc");
    assertThat(t.longestMatch(p("2001:db8:1::/48"))).isEqualTo("doc");
    assertThat(t.longestMatch(p("10.0.0.0/8"))).isEqualTo("v4");
  }

  @Test
  void coveringIsShortestFirstAndCoveredIncludesTheRoot() {
    PrefixTrie<String> t = new PrefixTrie<>();
    t.put(p("10.0.0.0/8"), "a");
    t.put(p("10.1.0.0/16"), "b");
    t.put(p("10.1.2.0/24"), "c");
    t.put(p("10.2.0.0/16"), "d");
    List<String> covering = new ArrayList<>();
    t.forEachCovering(p("10.1.2.128/25"), covering::add);
    assertThat(covering).containsExactly("a", "b", "c");
    List<String> covered = new ArrayList<>();
    t.forEachCovered(p("10.1.0.0/16"), covered::add);
    assertThat(covered).containsExactlyInAnyOrder("b", "c");
    assertThat(t.hasMoreSpecific(p("10.0.0.0/8"))).isTrue();
    assertThat(t.hasMoreSpecific(p("10.1.2.0/24"))).isFalse();
    assertThat(t.hasMoreSpecific(p("0.0.0.0/0"))).isTrue();
  }

  @Test
  void removeClearsOnlyThatPrefix() {
    PrefixTrie<String> t = new PrefixTrie<>();
    t.put(p("10.0.0.0/8"), "a");
    t.put(p("10.1.0.0/16"), "b");
    assertThat(t.remove(p("10.1.0.0/16"))).isEqualTo("b");
    assertThat(t.size()).isEqualTo(1);
    assertThat(t.longestMatch(p("10.1.1.0/24"))).isEqualTo("a");
    assertThat(t.hasMoreSpecific(p("10.0.0.0/8"))).isFalse();
    assertThat(t.remove(p("10.1.0.0/16"))).isNull();
  }

  @Test
  void longestMatchAgreesWithALinearScanOnRandomPrefixes() {
    Random rnd = new Random(42);
    PrefixTrie<Prefix> t = new PrefixTrie<>();
    Map<Prefix, Prefix> all = new HashMap<>();
    for (int i = 0; i < 5000; i++) {
      Prefix q = Prefix.ipv4(rnd.nextInt() & 0x0fffffff, 8 + rnd.nextInt(17));
      t.put(q, q);
      all.put(q, q);
    }
    for (int i = 0; i < 3000; i++) {
      Prefix q = Prefix.ipv4(rnd.nextInt() & 0x0fffffff, 16 + rnd.nextInt(17));
      Prefix expected = null;
      for (Prefix c : all.keySet()) {
        if (c.covers(q) && (expected == null || c.length() > expected.length())) {
          expected = c;
        }
      }
      assertThat(t.longestMatch(q)).as("longest match of %s", q).isEqualTo(expected);
    }
    assertThat(t.size()).isEqualTo(all.size());
  }
}
