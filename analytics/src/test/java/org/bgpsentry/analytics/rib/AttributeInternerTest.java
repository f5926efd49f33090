package org.bgpsentry.analytics.rib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bgpsentry.analytics.rib.PeerRibTest.attrs;

import org.bgpsentry.codec.wire.attr.StoredAttributes;
import org.junit.jupiter.api.Test;

class AttributeInternerTest {
  private final AttributeInterner interner = new AttributeInterner();

  private static byte[] stored(int... asns) {
    return StoredAttributes.encode(attrs(asns));
  }

  @Test
  void equalSetsShareOneInstanceAndOneId() {
    int a = interner.intern(stored(64500, 64496));
    int b = interner.intern(stored(64500, 64496));

    assertThat(a).isEqualTo(b);
    assertThat(interner.references(a)).isEqualTo(2);
    assertThat(interner.size()).isEqualTo(1);
  }

  @Test
  void freedIdsAreReusedAndForgotten() {
    int a = interner.intern(stored(1));
    int b = interner.intern(stored(2));
    assertThat(interner.get(a)).as("decoded and cached").isEqualTo(attrs(1));
    interner.release(a);

    assertThat(interner.size()).isEqualTo(1);
    assertThatThrownBy(() -> interner.get(a)).hasMessageContaining("not interned");
    int c = interner.intern(stored(3));
    assertThat(c).isEqualTo(a);
    assertThat(interner.get(c)).isEqualTo(attrs(3));
    assertThat(interner.get(b)).isEqualTo(attrs(2));
  }

  @Test
  void retainFallsBackToInternWhenTheIdWasReused() {
    var first = stored(1);
    int a = interner.intern(first);
    interner.release(a);
    int other = interner.intern(stored(2));

    int again = interner.retain(a, first);

    assertThat(again).isNotEqualTo(other);
    assertThat(interner.get(again)).isEqualTo(attrs(1));
    assertThat(interner.get(other)).isEqualTo(attrs(2));
  }

  @Test
  void manySetsSurviveGrowthAndRemovalOfHalf() {
    int[] ids = new int[20_000];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = interner.intern(stored(i));
    }
    for (int i = 0; i < ids.length; i += 2) {
      interner.release(ids[i]);
    }
    for (int i = 1; i < ids.length; i += 2) {
      assertThat(interner.intern(stored(i))).isEqualTo(ids[i]);
    }
    assertThat(interner.size()).isEqualTo(10_000);
  }

  /**
   * Sets a peer crafted to collide under the old unkeyed hash ({@code Arrays.hashCode}, the same
   * 32 bits for all: each 2-byte block is {@code (1, 32)} or {@code (2, 1)}, equal under
   * {@code 31 * a + b}) cost the keyed table a few slots each; under the old hash every intern
   * walked the whole probe run, about n^2/2 = 2M slots for these 2,048 sets.
   */
  @Test
  void setsCollidingUnderTheOldUnkeyedHashStayCheap() {
    int blocks = 11;
    int n = 1 << blocks;
    java.util.Set<Integer> oldHashes = new java.util.HashSet<>();
    AttributeInterner interner = new AttributeInterner();
    for (int k = 0; k < n; k++) {
      byte[] set = new byte[2 * blocks];
      for (int b = 0; b < blocks; b++) {
        boolean one = (k >>> b & 1) != 0;
        set[2 * b] = (byte) (one ? 1 : 2);
        set[2 * b + 1] = (byte) (one ? 32 : 1);
      }
      oldHashes.add(java.util.Arrays.hashCode(set));
      interner.intern(set);
    }
    assertThat(oldHashes).as("all collide under the old hash").hasSize(1);
    assertThat(interner.size()).isEqualTo(n);
    assertThat(interner.probes()).as("slots looked at for %d interns", n).isLessThan(8L * n);
  }

  /** SipHash-2-4 test vectors of the paper's appendix (key 00..0f, message 00..len-1). */
  @Test
  void sipHashMatchesTheReferenceVectors() {
    long k0 = 0x0706050403020100L;
    long k1 = 0x0f0e0d0c0b0a0908L;
    assertThat(KeyedHash.sipHash(2, 4, k0, k1, new byte[0])).isEqualTo(0x726fdb47dd0e0e31L);
    byte[] fifteen = new byte[15];
    for (int i = 0; i < fifteen.length; i++) {
      fifteen[i] = (byte) i;
    }
    assertThat(KeyedHash.sipHash(2, 4, k0, k1, fifteen)).isEqualTo(0xa129ca6149be45e5L);
  }
}
