package org.bgpsentry.codec.testing;

import static org.junit.jupiter.api.Assertions.fail;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails the test during which Netty reports a {@code LEAK:} (docs/contributing.md §6). Registered for every
 * test by JUnit extension auto-detection (META-INF/services), so its static initializer installs a
 * recording {@link ResourceLeakDetectorFactory} before any ByteBuf class is loaded. After each
 * test an allocation makes the detector poll its reference queue; after each test class, forced
 * collections first make sure every leaked buffer is found. Either fails with the leak records.
 */
public final class LeakFailingExtension implements AfterEachCallback, AfterAllCallback {
  private static final Queue<String> LEAKS = new ConcurrentLinkedQueue<>();

  static {
    ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new RecordingFactory());
  }

  /** Reports leaks the collector has already found, without forcing a GC (cheap). */
  @Override
  public void afterEach(ExtensionContext context) {
    check(context.getDisplayName(), 0);
  }

  /** Forces collections, so that every buffer a test class leaked is found before it ends. */
  @Override
  public void afterAll(ExtensionContext context) {
    check(context.getDisplayName(), 3);
  }

  private static void check(String where, int gcRounds) {
    for (int round = 0; round <= gcRounds; round++) {
      if (round > 0) {
        awaitGarbageCollection();
      }
      ByteBuf probe = Unpooled.directBuffer(1); // heap buffers are not tracked in Netty 4.2
      probe.release();
    }
    List<String> found = new ArrayList<>();
    for (String s; (s = LEAKS.poll()) != null; ) {
      found.add(s);
    }
    if (!found.isEmpty()) {
      fail("LEAK: " + found.size() + " ByteBuf(s) not released (seen after " + where + "):\n"
          + String.join("\n", found));
    }
  }

  /**
   * Runs GCs until a fresh sentinel object has been collected and its reference enqueued, so
   * that the leaked buffers' references of that cycle are enqueued too (bounded wait, 5 s).
   */
  private static void awaitGarbageCollection() {
    ReferenceQueue<Object> queue = new ReferenceQueue<>();
    WeakReference<Object> sentinel = new WeakReference<>(new Object(), queue);
    try {
      for (int i = 0; i < 50; i++) {
        System.gc();
        if (queue.remove(100) != null) {
          break;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    sentinel.clear();
  }

  private static final class RecordingFactory extends ResourceLeakDetectorFactory {
    @Override
    @SuppressWarnings("deprecation")
    public <T> ResourceLeakDetector<T> newResourceLeakDetector(
        Class<T> resource, int samplingInterval, long maxActive) {
      return new Recording<>(resource, samplingInterval);
    }

    @Override
    public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval) {
      return new Recording<>(resource, samplingInterval);
    }
  }

  private static final class Recording<T> extends ResourceLeakDetector<T> {
    Recording(Class<T> resource, int samplingInterval) {
      super(resource, samplingInterval);
    }

    @Override
    protected boolean needReport() {
      return true;
    }

    @Override
    protected void reportTracedLeak(String resourceType, String records) {
      LEAKS.add("LEAK: " + resourceType + ".release() was not called" + records);
    }

    @Override
    protected void reportUntracedLeak(String resourceType) {
      LEAKS.add("LEAK: " + resourceType + ".release() was not called (no records)");
    }
  }
}
