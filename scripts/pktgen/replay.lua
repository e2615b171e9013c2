-- dmmgw perf lab, pktgen-dpdk profile "replay": sends the pcap given to pktgen with -s, in a loop,
-- at line rate. Used with the inputs perf/rate generates (perf/rate.d/gen_inputs.py), so that the
-- traffic hits exactly the route set and tunnels the data plane loads (dataplane-perf.properties):
--
--   plain:      -s 0:<lab>/forward.pcap  1 000 IPv6/UDP flows, one per destination prefix of the route
--                                        set (every length of the address plan), to the core port
--   tunnelled:  -s 0:<lab>/decap.pcap    the same flows IPv6-in-IPv6 (RFC 2473) from the tunnel peers
--                                        2001:db8:fffe::<id+1> to the endpoint 2001:db8:ffff::1 (decap)
--
--   pktgen -l 0-2 -n 4 -a <PCI> -- -P -m "[1:2].0" -s 0:<lab>/forward.pcap -f scripts/pktgen/replay.lua
--
-- pktgen builds IPv4/IPv6 UDP/TCP, VLAN, MPLS, GRE, VxLAN and GTP-U headers itself but not
-- IPv6-in-IPv6, hence the pcap. Environment (optional): PKTGEN_PORT (0), PKTGEN_RATE (100).
-- Traffic starts with `start 0` (or `str`) at the pktgen prompt.

local port = os.getenv("PKTGEN_PORT") or "0"
local rate = tonumber(os.getenv("PKTGEN_RATE") or "100")

pktgen.set(port, "rate", rate)
pktgen.set(port, "burst", 32)
pktgen.pcap(port, "on")
