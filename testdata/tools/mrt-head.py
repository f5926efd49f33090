#!/usr/bin/env python3
"""Cut an MRT file (plain, gzip or bzip2) to its first records, keeping the compression.

  mrt-head.py SRC DST --records N     the first N MRT records (RFC 6396 §2 headers walked)
  mrt-head.py SRC DST --bytes N       the first N uncompressed octets (files whose framing is
                                      broken, where walking headers means nothing)
  --cut-tail K                        drop the last K octets of the compressed output, so that the
                                      copy of a truncated bzip2 stream stays truncated
  --count                             print the record counts per type/subtype of DST

gzip output is written with mtime 0 and level 9, bzip2 with 100k blocks (level 1), so a run
gives the same octets every time. Stdlib only.
"""
import argparse, bz2, gzip, struct, sys, collections

ET_TYPES = {17, 49}  # BGP4MP_ET, OSPFv3_ET: 4 more header octets (microseconds), inside length


def read_all(path):
    raw = open(path, 'rb').read()
    if raw[:2] == b'\x1f\x8b':
        return 'gz', gzip.decompress(raw)
    if raw[:3] == b'BZh':
        out, d = [], bz2.BZ2Decompressor()
        try:
            out.append(d.decompress(raw))
        except (EOFError, OSError):
            pass
        return 'bz2', b''.join(out)
    return 'plain', raw


def walk(data, limit=None):
    """Yields (offset, end, type, subtype) of each whole record."""
    off, n = 0, 0
    while off + 12 <= len(data) and (limit is None or n < limit):
        _, typ, sub, length = struct.unpack_from('>IHHI', data, off)
        end = off + 12 + length
        if end > len(data):
            return
        yield off, end, typ, sub
        off, n = end, n + 1


def main():
    a = argparse.ArgumentParser()
    a.add_argument('src'); a.add_argument('dst')
    g = a.add_mutually_exclusive_group(required=True)
    g.add_argument('--records', type=int); g.add_argument('--bytes', type=int)
    a.add_argument('--cut-tail', type=int, default=0)
    a.add_argument('--count', action='store_true')
    o = a.parse_args()
    kind, data = read_all(o.src)
    if o.records is not None:
        ends = [e for _, e, _, _ in walk(data, o.records)]
        if len(ends) < o.records:
            sys.exit(f'{o.src}: only {len(ends)} whole records')
        cut = data[:ends[-1]]
    else:
        cut = data[:o.bytes]
    if kind == 'gz':
        out = gzip.compress(cut, compresslevel=9, mtime=0)
    elif kind == 'bz2':
        out = bz2.compress(cut, compresslevel=1)
    else:
        out = cut
    if o.cut_tail:
        out = out[:-o.cut_tail]
    open(o.dst, 'wb').write(out)
    if o.count:
        c = collections.Counter(f'{t}/{s}' for _, _, t, s in walk(cut))
        print(o.dst, len(cut), 'octets uncompressed,', dict(sorted(c.items())))


if __name__ == '__main__':
    main()
