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
}
