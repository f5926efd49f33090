package org.bgpsentry.daemon;

import java.util.ArrayList;
import java.util.List;
import org.bgpsentry.daemon.bmp.BmpComponent;
import org.bgpsentry.daemon.config.BgpsentryConfig;
import org.bgpsentry.daemon.config.KafkaConfig;
import org.bgpsentry.daemon.kafka.BmpRawTap;
import org.bgpsentry.daemon.kafka.EventPublisher;
import org.bgpsentry.daemon.kafka.KafkaComponent;
import org.bgpsentry.daemon.kafka.KafkaDetector;
import org.bgpsentry.daemon.kafka.TopicGate;
import org.bgpsentry.daemon.source.RisLiveSource;

/**
 * The components a config asks for: what {@code bgpsentry run} plugs into {@link Daemon}, and what
 * tests build to exercise the same wiring.
 */
public final class Wiring {
  private Wiring() {}

  /**
   * Components plugged into the daemon, in start order: detection first (its analytics thread
   * must be up before anything delivers events), the latency prober, the sessions (when {@code
   * bgp} is configured: docs/cli.md allows a daemon fed by {@code sources} or {@code bmp} alone),
   * then RIS Live and the BMP station (each off without its section).
   */
  public static List<DaemonComponent> components(boolean sessions) {
    return local(sessions, null, null);
  }

  /**
   * The components {@code config} asks for. With a {@code kafka:} section (docs/scaling.md) the
   * Kafka side comes first, and the role decides the wiring of the same components: {@code
   * standalone} as without Kafka; {@code collector} sends the sources' events to Kafka instead of
   * detection; {@code detector} feeds detection from Kafka instead of sources.
   */
  public static List<DaemonComponent> components(BgpsentryConfig config) {
    if (config.kafka() == null) {
      return components(config.bgp() != null);
    }
    List<DaemonComponent> out = new ArrayList<>();
    TopicGate gate = new TopicGate(); // this daemon's: its Kafka clients wait there for their topics
    switch (config.kafka().role()) {
      case STANDALONE -> {
        out.add(new KafkaComponent(gate, null));
        out.addAll(local(config.bgp() != null, config.kafka(), gate));
      }
      case COLLECTOR -> {
        EventPublisher events = new EventPublisher(gate);
        out.add(new KafkaComponent(gate, null));
        out.add(events);
        out.addAll(sources(events, config.bgp() != null, config.kafka(), gate));
      }
      case DETECTOR -> {
        DetectionComponent detection = new DetectionComponent();
        KafkaDetector detector = new KafkaDetector(detection, gate);
        out.add(new KafkaComponent(gate, detector));
        out.add(detector);
        out.add(new LatencyComponent(detection));
      }
    }
    return out;
  }

  /** Detection and the sources; with {@code publish_bmp_raw} the sources also hand their raw messages to the BMP tap. */
  private static List<DaemonComponent> local(boolean sessions, KafkaConfig kafka, TopicGate gate) {
    DetectionComponent detection = new DetectionComponent();
    List<DaemonComponent> out = new ArrayList<>(List.of(detection, new LatencyComponent(detection)));
    out.addAll(sources(detection, sessions, kafka, gate));
    return out;
  }

  private static List<DaemonComponent> sources(RouteSink sink, boolean sessions, KafkaConfig kafka, TopicGate gate) {
    List<DaemonComponent> out = new ArrayList<>();
    BmpRawTap tap = null;
    if (kafka != null && kafka.publishBmpRaw()) {
      tap = new BmpRawTap(gate);
      out.add(tap);
    }
    if (sessions) {
      out.add(new SessionsComponent(sink, tap));
    }
    out.add(new RisLiveSource(tap == null ? sink : tap.risLive(sink)));
    out.add(new BmpComponent(sink, tap));
    return out;
  }
}
