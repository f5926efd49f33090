#!/usr/bin/env python3
"""Extracts BGP messages from public pcaps into annotated hex fixtures (docs/contributing.md R12).

Dev-time only (needs tshark); the fixtures it writes are committed, the pcaps are not.
Usage: bgp-codec/tools/extract-fixtures.py PCAP_DIR bgp-codec/src/test/resources/fixtures
PCAP_DIR holds tcpdump/ (tcpdump's tests/ captures) and packetlife/ (the PacketLife.net
library); where they come from: testdata/SOURCES.md, "Codec fixtures".

For every TCP stream direction it reassembles the payload (tshark drops retransmissions),
splits it at the 16 x 0xff marker by the length field, and writes one file per pcap and message
kind: fixtures/<kind>/<source>-<pcap name>.hex. Each message is preceded by a '#' line naming the
frame and direction, then a tcpdump -X style dump (offset, 16 bytes of hex, ASCII). Each message's
'# context:' line says how its session decodes: 4-octet AS when both OPENs carry capability 65,
ADD-PATH for the families the sender may send and the receiver may receive (capability 69). For
sessions whose OPENs were not captured, NO_OPEN below (or 2-octet AS) applies.
"""
import collections, os, subprocess, sys

KINDS = {1: "open", 2: "update", 3: "notification", 4: "keepalive", 5: "route-refresh"}
ORIGINS = {
    "tcpdump": "the-tcpdump-group/tcpdump tests/, snapshot 39b50f76, BSD",
    "packetlife": "PacketLife.net capture library via epiecs/packetlife-backup pcaps/, snapshot 4a77a47e, no licence stated",
}


def packets(pcap):
    out = subprocess.run(
        ["tshark", "-r", pcap, "-Y", "tcp.len > 0 && !tcp.analysis.retransmission",
         "-T", "fields", "-e", "frame.number", "-e", "ip.src", "-e", "ipv6.src", "-e", "tcp.srcport",
         "-e", "ip.dst", "-e", "ipv6.dst", "-e", "tcp.dstport", "-e", "tcp.payload",
         "-o", "tcp.desegment_tcp_streams:FALSE"],
        capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        f = line.split("\t")
        if len(f) < 8 or not f[7]:
            continue
        src = (f[1] or f[2]) + "." + f[3]
        dst = (f[4] or f[5]) + "." + f[6]
        yield int(f[0]), src, dst, bytes.fromhex(f[7].replace(":", ""))


def messages(pcap):
    buf = collections.defaultdict(bytearray)
    first = {}
    for frame, src, dst, payload in packets(pcap):
        key = (src, dst)
        if not buf[key]:
            first[key] = frame
        buf[key] += payload
        b = buf[key]
        while len(b) >= 19:
            if b[:16] != b"\xff" * 16:
                i = b.find(b"\xff" * 16, 1)
                if i < 0:
                    del b[:]
                    break
                del b[:i]
                continue
            length = int.from_bytes(b[16:18], "big")
            if length < 19:
                del b[:16]
                continue
            if len(b) < length:
                break
            yield first[key], src, dst, bytes(b[:length])
            del b[:length]
            first[key] = frame


def caps(open_msg):
    """Capability (code, value) pairs of an OPEN (RFC 5492 / RFC 9072)."""
    body = open_msg[19:]
    opt_len, i, ext = body[9], 10, False
    if opt_len == 255 and len(body) > 10 and body[10] == 255:
        opt_len, i, ext = int.from_bytes(body[11:13], "big"), 13, True
    end = i + opt_len
    while i < end:
        ptype = body[i]
        plen = int.from_bytes(body[i + 1:i + 3], "big") if ext else body[i + 1]
        i += 3 if ext else 2
        if ptype == 2:
            j = i
            while j + 2 <= i + plen:
                yield body[j], body[j + 2:j + 2 + body[j + 1]]
                j += 2 + body[j + 1]
        i += plen


def dump(msg):
    lines = []
    for off in range(0, len(msg), 16):
        chunk = msg[off:off + 16]
        hexs = " ".join(chunk[k:k + 2].hex() for k in range(0, len(chunk), 2))
        asc = "".join(chr(c) if 32 <= c < 127 else "." for c in chunk)
        lines.append(f"\t0x{off:04x}:  {hexs:<40}  {asc}")
    return "\n".join(lines)


def family_name(afi, safi):
    return {(1, 1): "ipv4-unicast", (2, 1): "ipv6-unicast", (1, 2): "ipv4-multicast",
            (2, 2): "ipv6-multicast"}.get((afi, safi))


def main(src_root, out_root):
    for source in ("tcpdump", "packetlife", "tcpdump/malformed"):
        d = os.path.join(src_root, source)
        for name in sorted(os.listdir(d)):
            path = os.path.join(d, name)
            if not os.path.isfile(path):
                continue
            msgs = list(messages(path))
            stem = name.split(".")[0]
            opens = {}
            for frame, s, d2, m in msgs:
                if m[18] == 1:
                    opens[s] = dict(caps(m))
            by_kind = collections.defaultdict(list)
            seen = set()
            for frame, s, d2, m in msgs:
                if m in seen:
                    continue
                seen.add(m)
                by_kind[KINDS.get(m[18], "unknown")].append((frame, s, d2, m))
            for kind, items in by_kind.items():
                if kind == "keepalive":
                    continue
                os.makedirs(os.path.join(out_root, kind), exist_ok=True)
                if source.endswith("malformed") or stem in MALFORMED:
                    kind = "malformed"
                    os.makedirs(os.path.join(out_root, kind), exist_ok=True)
                fn = os.path.join(out_root, kind, f"{source.split('/')[0]}-{stem}.hex")
                if kind == "malformed":
                    fn = fn[:-4] + "-" + KINDS.get(items[0][3][18], "unknown") + ".hex"
                with open(fn, "w") as f:
                    origin = source.split("/")[0]
                    sub = source[len(origin) + 1:]
                    f.write(f"# source: {origin} capture {sub + '/' if sub else ''}{name} ({ORIGINS[origin]}; testdata/SOURCES.md)\n")
                    f.write(f"# extracted: 2026-11-23 by bgp-codec/tools/extract-fixtures.py with tshark; {len(items)} distinct {kind} message(s)\n")
                    f.write("# exercises: " + ("robustness only (decode yields a result or a NOTIFICATION)" if kind == "malformed" else f"decoding and byte-exact re-encoding of every {kind} in the capture") + "\n")
                    f.write("# anonymised: nothing (public test captures)\n")
                    for frame, s, d2, m in items:
                        f.write(f"\n# frame {frame}: {s} > {d2}, {kind}, {len(m)} octets\n")
                        f.write(f"# context: {context(stem, opens.get(s), opens.get(d2))}\n")
                        f.write(dump(m) + "\n")


# Captures whose messages are deliberately invalid (printer tests): robustness fixtures only.
# bgp-addpath: MP_REACH_NLRI twice, a 0-octet NEXT_HOP, well-known flags on MP attributes.
MALFORMED = {"bgp-addpath"}

# Sessions captured without their OPENs: how they decode (checked against the decoder).
NO_OPEN = {
    "bgp-enhanced-route-refresh-subtype": "four-octet-as",
    "bgp-large-community": "four-octet-as",
    "bgp-role": "four-octet-as",
}


def context(stem, sender, receiver):
    """The DecodeContext of messages from sender to receiver (their OPENs' capabilities)."""
    if sender is None or receiver is None:
        return NO_OPEN.get(stem, "two-octet-as") + " (OPENs not captured)"
    four = 65 in sender and 65 in receiver
    send = addpath_families(sender.get(69, b""), 2)
    recv = addpath_families(receiver.get(69, b""), 1)
    fams = sorted(send & recv)
    return ("four-octet-as" if four else "two-octet-as") + (" add-path=" + ",".join(fams) if fams else "")


def addpath_families(v, bit):
    out = set()
    for k in range(0, len(v) - 3, 4):
        fam = family_name(int.from_bytes(v[k:k + 2], "big"), v[k + 2])
        if fam and v[k + 3] & bit:
            out.add(fam)
    return out


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
