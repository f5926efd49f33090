#!/bin/sh
# Writes the MRT dumps of this directory with real BGP daemons (run as root; needs bird2,
# gobgpd, iproute2). Everything runs in a network namespace of its own, on its loopback:
#   gobgpd "feeder" (AS 65001, 127.0.0.2) originates 240 IPv4 and 120 IPv6 routes
#     (next hops in 192.0.2.0/24 and 2001:db8::/32, some with MED, communities, prepends);
#   BIRD 2 (AS 65000, 127.0.0.1) receives them and writes TABLE_DUMP_V2 with
#     `birdc mrt dump table "bgp4"|"bgp6"` -> bird2-rib4.mrt, bird2-rib6.mrt;
#   gobgpd "collector" (AS 65002, 127.0.0.3) receives them and writes TABLE_DUMP_V2 of its
#     global RIB ([[mrt-dump]] dump-type = "table", written at the end of the first dump
#     interval, 60 s at least) -> gobgp-rib.mrt.
# Usage: make-dumps.sh OUTDIR
set -eu
out=$(cd "${1:?usage: make-dumps.sh OUTDIR}" && pwd)
ns=bgpsentry-mrt-$$
work=$(mktemp -d)
pids=""
cleanup() {
  for p in $pids; do kill "$p" 2>/dev/null || true; done
  sleep 1
  ip netns del "$ns" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
ip netns add "$ns"
run() { ip netns exec "$ns" "$@"; }
run ip link set lo up

cat >"$work/bird.conf" <<CONF
router id 192.0.2.254;
ipv4 table bgp4;
ipv6 table bgp6;
ipv4 table igp4;
ipv6 table igp6;
protocol device {}
protocol bgp feeder {
  local 127.0.0.1 as 65000;
  neighbor 127.0.0.2 as 65001;
  strict bind yes;
  passive yes;
  multihop;
  ipv4 { table bgp4; igp table igp4; import all; export none; };
  ipv6 { table bgp6; igp table igp6; import all; export none; };
}
CONF

cat >"$work/feeder.toml" <<CONF
[global.config]
  as = 65001
  router-id = "192.0.2.2"
  local-address-list = ["127.0.0.2"]
[[neighbors]]
  [neighbors.config]
    neighbor-address = "127.0.0.1"
    peer-as = 65000
  [neighbors.transport.config]
    local-address = "127.0.0.2"
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "ipv4-unicast"
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "ipv6-unicast"
[[neighbors]]
  [neighbors.config]
    neighbor-address = "127.0.0.3"
    peer-as = 65002
  [neighbors.transport.config]
    local-address = "127.0.0.2"
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "ipv4-unicast"
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "ipv6-unicast"
CONF

cat >"$work/collector.toml" <<CONF
[global.config]
  as = 65002
  router-id = "192.0.2.3"
  local-address-list = ["127.0.0.3"]
[[neighbors]]
  [neighbors.config]
    neighbor-address = "127.0.0.2"
    peer-as = 65001
  [neighbors.transport.config]
    local-address = "127.0.0.3"
    passive-mode = true
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "ipv4-unicast"
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "ipv6-unicast"
[[mrt-dump]]
  [mrt-dump.config]
    dump-type = "table"
    file-name = "$work/gobgp-rib.mrt"
    dump-interval = 60
CONF

cd "$work"
ip netns exec "$ns" bird -f -c bird.conf -s bird.ctl -P bird.pid 2>bird.log &
pids="$pids $!"
ip netns exec "$ns" gobgpd -f collector.toml --api-hosts 127.0.0.3:50051 -l warn >collector.log 2>&1 &
pids="$pids $!"
sleep 2
ip netns exec "$ns" gobgpd -f feeder.toml --api-hosts 127.0.0.2:50051 -l warn >feeder.log 2>&1 &
pids="$pids $!"
feed() { run gobgp -u 127.0.0.2 "$@"; }
for i in $(seq 1 100); do
  feed global rib summary >/dev/null 2>&1 && break
  sleep 0.2
done
# 240 IPv4 routes: 198.18.0.0/24 ... 198.18.239.0/24 (RFC 2544 benchmarking space)
for i in $(seq 0 239); do
  nh=192.0.2.$((i % 10 + 1))
  set -- -a ipv4 add "198.18.$i.0/24" nexthop "$nh"
  case $((i % 4)) in
    0) set -- "$@" origin igp ;;
    1) set -- "$@" origin igp med $((i * 10)) ;;
    2) set -- "$@" origin egp community "65001:$i,65001:100" ;;
    3) set -- "$@" origin incomplete aspath "64500,64501,$((64510 + i % 5))" ;;
  esac
  feed global rib "$@"
done
# 120 IPv6 routes: 2001:db8:1000::/48 ... 2001:db8:1077::/48
for i in $(seq 0 119); do
  nh=2001:db8::$((i % 6 + 1))
  set -- -a ipv6 add "2001:db8:$(printf '%x' $((0x1000 + i)))::/48" nexthop "$nh" origin igp
  case $((i % 3)) in
    1) set -- "$@" med $((i + 5)) community "65001:$i" ;;
    2) set -- "$@" aspath "64500,$((64520 + i % 7))" ;;
  esac
  feed global rib "$@"
done
# wait for both receivers to hold every route
for i in $(seq 1 300); do
  b4=$(run birdc -s bird.ctl show route table bgp4 count 2>/dev/null | grep -o '^[0-9]* of' | head -1 || true)
  b6=$(run birdc -s bird.ctl show route table bgp6 count 2>/dev/null | grep -o '^[0-9]* of' | head -1 || true)
  c4=$(run gobgp -u 127.0.0.3 global rib -a ipv4 summary 2>/dev/null | grep -o 'Destination: [0-9]*' || true)
  c6=$(run gobgp -u 127.0.0.3 global rib -a ipv6 summary 2>/dev/null | grep -o 'Destination: [0-9]*' || true)
  [ "$b4" = "240 of" ] && [ "$b6" = "120 of" ] && [ "$c4" = "Destination: 240" ] && [ "$c6" = "Destination: 120" ] && break
  sleep 0.2
done
echo "bird: $b4 / $b6; gobgp collector: $c4 / $c6"
run birdc -s bird.ctl mrt dump table '"bgp4"' to '"bird2-rib4.mrt"'
run birdc -s bird.ctl mrt dump table '"bgp6"' to '"bird2-rib6.mrt"'
# BIRD writes its dumps asynchronously; GoBGP writes its table dump once the 60 s are over
last=-1
for i in $(seq 1 100); do
  size=$(stat -c %s gobgp-rib.mrt 2>/dev/null || echo 0)
  [ "$size" -gt 0 ] && [ "$size" = "$last" ] && break
  last=$size
  sleep 1
done
ls -l
cp bird2-rib4.mrt bird2-rib6.mrt gobgp-rib.mrt "$out/"
