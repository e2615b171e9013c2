-- Stand-in for pktgen-dpdk's `pktgen` Lua library when a profile runs under plain lua5.4 (tests):
-- every call of a function pktgen provides is printed as one line "CALL<TAB>name<TAB>arg...", a
-- table argument as {key=value;...} with sorted keys; any other name is an error, so that a typo
-- in a profile fails instead of being recorded. The names are those of pktgen's Lua API as its
-- test scripts use them (test/main.lua, test/set_seq.lua in the Pktgen-DPDK repository).
local known = {
    set = true, seqTable = true, seq = true, set_mac = true, set_ipaddr = true, set_proto = true,
    set_type = true, pcap = true, start = true, stop = true, delay = true, screen = true,
    page = true, clear = true, range = true, pause = true,
}

local function text(v)
    if type(v) ~= "table" then
        return tostring(v)
    end
    local keys = {}
    for k in pairs(v) do
        keys[#keys + 1] = k
    end
    table.sort(keys)
    local parts = {}
    for _, k in ipairs(keys) do
        parts[#parts + 1] = k .. "=" .. tostring(v[k])
    end
    return "{" .. table.concat(parts, ";") .. "}"
end

pktgen = setmetatable({}, {
    __index = function(_, name)
        if not known[name] then
            error("pktgen has no Lua function '" .. tostring(name) .. "'", 2)
        end
        return function(...)
            local out = { "CALL", name }
            for i = 1, select("#", ...) do
                out[#out + 1] = text((select(i, ...)))
            end
            print(table.concat(out, "\t"))
        end
    end,
})
