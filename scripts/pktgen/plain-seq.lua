-- dmmgw perf lab, pktgen-dpdk profile "plain-seq": 16 IPv6/UDP flows, each to a host in a different
-- destination prefix of perf/rate's 1 k route set (perf/rate.d/gen_inputs.py, deterministic: lengths
-- /32, /40, /48, /56, /64 three each and one /128), sent from the perf/rate sender 2001:db8:fff0::10
-- toward the data plane's core port. pktgen's sequence mode (16 packets at most per port); for all
-- 1 000 destinations, or for tunnelled traffic, replay perf/rate's pcaps with replay.lua instead.
--
--   pktgen -l 0-2 -n 4 -a <PCI> -- -P -m "[1:2].0" -f scripts/pktgen/plain-seq.lua
--
-- Environment (optional): PKTGEN_PORT (default 0), DMMGW_DUT_MAC (the data plane's ingress port MAC,
-- port.0.mac of scripts/pktgen/dataplane-perf.properties: 02:00:00:00:00:01), PKTGEN_SRC_MAC
-- (02:00:00:00:00:aa), PKTGEN_RATE (percent of line rate, 100), PKTGEN_SIZE (frame size with FCS, 128).
-- Traffic starts with `start 0` (or `str`) at the pktgen prompt.

local port = os.getenv("PKTGEN_PORT") or "0"
local dut_mac = os.getenv("DMMGW_DUT_MAC") or "02:00:00:00:00:01"
local src_mac = os.getenv("PKTGEN_SRC_MAC") or "02:00:00:00:00:aa"
local rate = tonumber(os.getenv("PKTGEN_RATE") or "100")
local size = tonumber(os.getenv("PKTGEN_SIZE") or "128")

-- Destination hosts; the comment is the route-set prefix each lies in.
local destinations = {
    "2408:3497:3287:d050:f2ea:d0a8:808:5f68",   -- 2408:3497::/32
    "2403:495d:526c:5cc5:99c9:e88:1a12:4c15",   -- 2403:495d::/32
    "2401:966a:3d01:9261:b714:9706:876c:fe7c",  -- 2401:966a::/32
    "2001:eaa:c1a:4236:8f2b:bba3:ae54:1ad6",    -- 2001:eaa:c00::/40
    "2001:e94:d468:d671:917e:3916:6b76:1fc5",   -- 2001:e94:d400::/40
    "2001:e33:31f6:9f28:84de:2a4f:bf7d:dfa7",   -- 2001:e33:3100::/40
    "2001:dca:fd03:fee2:3116:2427:3bfd:1d33",   -- 2001:dca:fd03::/48
    "2001:dca:9bb6:268e:dc6b:f1e1:a399:f82a",   -- 2001:dca:9bb6::/48
    "2001:dc3:e3b4:dd93:d2d5:8443:7f0:62ce",    -- 2001:dc3:e3b4::/48
    "2001:db9:71:249a:ea7b:5bf5:5eb5:61a4",     -- 2001:db9:71:2400::/56
    "2001:db9:a33:409b:10c6:7fd9:94b2:b8fd",    -- 2001:db9:a33:4000::/56
    "2001:db9:d87:ab8c:d622:5675:8a7d:43b5",    -- 2001:db9:d87:ab00::/56
    "2001:db8:17:4e3f:97b7:5092:3ceb:3ffd",     -- 2001:db8:17:4e3f::/64
    "2001:db8:30:ab1c:2163:6369:8b52:9b4a",     -- 2001:db8:30:ab1c::/64
    "2001:db8:7f:e9da:a02f:34a6:795b:929e",     -- 2001:db8:7f:e9da::/64
    "2001:db8:17:5a11:a31a:7b19:d85:9db",       -- the /128 itself
}

for i, dst in ipairs(destinations) do
    pktgen.seqTable(i - 1, port, {
        ["eth_dst_addr"] = dut_mac,
        ["eth_src_addr"] = src_mac,
        ["ip_dst_addr"] = dst,
        ["ip_src_addr"] = "2001:db8:fff0::10/64",
        ["sport"] = 1024 + i - 1,          -- one UDP flow per destination
        ["dport"] = 5000,
        ["ethType"] = "ipv6",
        ["ipProto"] = "udp",
        ["vlanid"] = 1,                     -- not sent: ethType is not vlan
        ["pktSize"] = size,
    })
end
pktgen.set(port, "seq_cnt", #destinations)
pktgen.set(port, "rate", rate)
pktgen.set(port, "burst", 32)
