package org.bgpsentry.codec.model.attr;

/** One RFC 8092 large community: global administrator and two local data parts, unsigned. */
public record LargeCommunity(long globalAdministrator, long localData1, long localData2) {
  @Override
  public String toString() {
    return globalAdministrator + ":" + localData1 + ":" + localData2;
  }
}
