package org.bgpsentry.daemon.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The replay of {@code GET /api/v1/events} (docs/operators-guide.md "The status page"): what a reconnecting client gets. */
class EventLogTest {
  private static final class Recorder implements EventLog.Subscriber {
    final List<String> ids = new ArrayList<>();
    final List<String> replayed = new ArrayList<>();
    String position;

    @Override
    public void send(EventLog.Event e, boolean replay) {
      ids.add(e.id());
      if (replay) {
        replayed.add(e.id());
      }
    }

    @Override
    public void position(String lastId) {
      position = lastId;
    }
  }

  @Test
  void reconnectWithLastEventIdGetsExactlyTheMissedEventsThenLiveOnes() {
    EventLog log = new EventLog(1_000_000);
    Recorder first = new Recorder();
    log.subscribe(null, first);
    assertThat(first.position).as("told the newest id though it got no event yet").isEqualTo("lfls-0");
    String seen = log.publish("peer", "{}").id();
    log.unsubscribe(first);
    String missed1 = log.publish("alert", "{\"a\":1}").id();
    String missed2 = log.publish("alert", "{\"a\":2}").id();

    Recorder again = new Recorder();
    log.subscribe(seen, again);
    assertThat(again.position).isNull();
    assertThat(again.ids).containsExactly(missed1, missed2);
    String live = log.publish("alert", "{}").id();
    assertThat(again.ids).containsExactly(missed1, missed2, live);
    assertThat(again.replayed).containsExactly(missed1, missed2);
    assertThat(first.ids).containsExactly(seen);
  }

  @Test
  void aClientThatHadNoEventYetGetsEverythingPublishedSinceItsPosition() {
    EventLog log = new EventLog(1_000_000);
    Recorder r = new Recorder();
    log.subscribe(null, r);
    log.unsubscribe(r);
    String e1 = log.publish("alert", "{}").id();
    Recorder again = new Recorder();
    log.subscribe(r.position, again);
    assertThat(again.ids).containsExactly(e1);
  }

  @Test
  void onlyTheLast1000AreKeptAndAnIdTooOldOrOfAnotherRunReplaysAllKept() {
    EventLog log = new EventLog(1_000_000);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 1500; i++) {
      ids.add(log.publish("alert", "{}").id());
    }
    Recorder recent = new Recorder();
    log.subscribe(ids.get(1399), recent);
    assertThat(recent.ids).isEqualTo(ids.subList(1400, 1500));

    Recorder edge = new Recorder();
    log.subscribe(ids.get(499), edge);
    assertThat(edge.ids).as("the oldest kept follows id 500").isEqualTo(ids.subList(500, 1500));

    Recorder tooOld = new Recorder();
    log.subscribe(ids.get(10), tooOld);
    assertThat(tooOld.ids).hasSize(EventLog.CAPACITY).isEqualTo(ids.subList(500, 1500));

    Recorder otherRun = new Recorder();
    log.subscribe(new EventLog(2_000_000).publish("alert", "{}").id(), otherRun);
    assertThat(otherRun.ids).hasSize(EventLog.CAPACITY);

    Recorder garbage = new Recorder();
    log.subscribe("lfls-x<script>", garbage);
    assertThat(garbage.ids).hasSize(EventLog.CAPACITY);
  }

  @Test
  void wireFormatIsIdEventDataAndABlankLine() {
    EventLog.Event e = new EventLog(1_000_000).publish("alert", "{\"status\":\"firing\"}");
    assertThat(e.wire()).isEqualTo("id: lfls-1\nevent: alert\ndata: {\"status\":\"firing\"}\n\n");
  }
}
