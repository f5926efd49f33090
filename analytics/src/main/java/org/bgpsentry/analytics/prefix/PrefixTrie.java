package org.bgpsentry.analytics.prefix;

import java.util.Arrays;
import java.util.function.Consumer;
import org.bgpsentry.codec.model.nlri.Prefix;

/**
 * A binary trie from IPv4/IPv6 prefixes to values, for covering (longest-match) and more-specific
 * lookups (docs/contributing.md §4). Nodes live in one {@code int[]} of three slots each (child 0, child 1,
 * value index), so a 100k-prefix registry costs a few MB and no object per node; values sit in a
 * parallel array. Node 0 is the IPv4 root, node 1 the IPv6 root. Removal clears the value and
 * keeps the nodes (tries are rebuilt on reload, so they do not churn). Not thread-safe; readers
 * of a trie that is no longer written need no locking.
 */
public final class PrefixTrie<V> {
  private static final int STRIDE = 3;
  private static final int NONE = -1;

  private int[] nodes = new int[STRIDE * 64];
  private int nodeCount;
  private Object[] values = new Object[16];
  private int valueCount;
  private int size;
  private boolean removedAny;

  public PrefixTrie() {
    newNode();
    newNode();
  }

  private int newNode() {
    if ((nodeCount + 1) * STRIDE > nodes.length) {
      nodes = Arrays.copyOf(nodes, nodes.length * 2);
    }
    int n = nodeCount++;
    nodes[n * STRIDE] = NONE;
    nodes[n * STRIDE + 1] = NONE;
    nodes[n * STRIDE + 2] = NONE;
    return n;
  }

  private static int root(Prefix p) {
    return p.ipv6() ? 1 : 0;
  }

  /** Number of prefixes holding a value. */
  public int size() {
    return size;
  }

  /** Associates {@code value} (non-null) with exactly {@code prefix}; returns the old value. */
  public V put(Prefix prefix, V value) {
    if (value == null) {
      throw new IllegalArgumentException("null value for " + prefix + " (expected: a value)");
    }
    int n = root(prefix);
    for (int i = 0; i < prefix.length(); i++) {
      int slot = n * STRIDE + prefix.bit(i);
      int child = nodes[slot];
      if (child == NONE) {
        child = newNode();
        nodes[slot] = child;
      }
      n = child;
    }
    int vi = nodes[n * STRIDE + 2];
    if (vi == NONE) {
      if (valueCount == values.length) {
        values = Arrays.copyOf(values, values.length * 2);
      }
      vi = valueCount++;
      nodes[n * STRIDE + 2] = vi;
      values[vi] = value;
      size++;
      return null;
    }
    V old = value(vi);
    if (old == null) {
      size++;
    }
    values[vi] = value;
    return old;
  }

  /** The value stored for exactly {@code prefix}, or null. */
  public V get(Prefix prefix) {
    int n = find(prefix);
    return n == NONE ? null : value(nodes[n * STRIDE + 2]);
  }

  /** Removes the value of exactly {@code prefix}; returns it, or null. */
  public V remove(Prefix prefix) {
    int n = find(prefix);
    if (n == NONE) {
      return null;
    }
    int vi = nodes[n * STRIDE + 2];
    V old = value(vi);
    if (old != null) {
      values[vi] = null;
      size--;
      removedAny = true;
    }
    return old;
  }

  /** The value of the longest prefix covering {@code q} (q itself included), or null. */
  public V longestMatch(Prefix q) {
    int n = root(q);
    V best = value(nodes[n * STRIDE + 2]);
    for (int i = 0; i < q.length(); i++) {
      n = nodes[n * STRIDE + q.bit(i)];
      if (n == NONE) {
        break;
      }
      V v = value(nodes[n * STRIDE + 2]);
      if (v != null) {
        best = v;
      }
    }
    return best;
  }

  /** Calls {@code action} with the values of every prefix covering {@code q}, shortest first. */
  public void forEachCovering(Prefix q, Consumer<? super V> action) {
    int n = root(q);
    for (int i = 0; ; i++) {
      V v = value(nodes[n * STRIDE + 2]);
      if (v != null) {
        action.accept(v);
      }
      if (i == q.length()) {
        return;
      }
      n = nodes[n * STRIDE + q.bit(i)];
      if (n == NONE) {
        return;
      }
    }
  }

  /** Calls {@code action} with the values of {@code p} and of every prefix more specific. */
  public void forEachCovered(Prefix p, Consumer<? super V> action) {
    int n = find(p);
    if (n != NONE) {
      walk(n, action);
    }
  }

  /** True when a prefix strictly more specific than {@code p} holds a value. */
  public boolean hasMoreSpecific(Prefix p) {
    int n = find(p);
    return n != NONE && hasValueBelow(n);
  }

  /**
   * True when some stored prefix covers {@code q} or is covered by it: one walk, the filter that
   * lets a full table pass a small registry cheaply.
   */
  public boolean overlaps(Prefix q) {
    int n = root(q);
    for (int i = 0; ; i++) {
      if (nodes[n * STRIDE + 2] != NONE && value(nodes[n * STRIDE + 2]) != null) {
        return true;
      }
      if (i == q.length()) {
        return hasValueBelow(n);
      }
      n = nodes[n * STRIDE + q.bit(i)];
      if (n == NONE) {
        return false;
      }
    }
  }

  private boolean hasValueBelow(int n) {
    int c0 = nodes[n * STRIDE];
    int c1 = nodes[n * STRIDE + 1];
    if (!removedAny) {
      return c0 != NONE || c1 != NONE; // every node was created on the way to a value
    }
    return anyValue(c0) || anyValue(c1);
  }

  private boolean anyValue(int start) {
    if (start == NONE) {
      return false;
    }
    int[] stack = new int[2 * 129];
    int sp = 0;
    stack[sp++] = start;
    while (sp > 0) {
      int n = stack[--sp];
      if (value(nodes[n * STRIDE + 2]) != null) {
        return true;
      }
      for (int b = 1; b >= 0; b--) {
        int c = nodes[n * STRIDE + b];
        if (c != NONE) {
          stack[sp++] = c;
        }
      }
    }
    return false;
  }

  private void walk(int start, Consumer<? super V> action) {
    int[] stack = new int[2 * 129];
    int sp = 0;
    stack[sp++] = start;
    while (sp > 0) {
      int n = stack[--sp];
      V v = value(nodes[n * STRIDE + 2]);
      if (v != null) {
        action.accept(v);
      }
      for (int b = 1; b >= 0; b--) {
        int c = nodes[n * STRIDE + b];
        if (c != NONE) {
          stack[sp++] = c;
        }
      }
    }
  }

  private int find(Prefix p) {
    int n = root(p);
    for (int i = 0; i < p.length() && n != NONE; i++) {
      n = nodes[n * STRIDE + p.bit(i)];
    }
    return n;
  }

  @SuppressWarnings("unchecked")
  private V value(int vi) {
    return vi == NONE ? null : (V) values[vi];
  }
}
