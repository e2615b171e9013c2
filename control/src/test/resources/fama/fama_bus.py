#!/usr/bin/python3
"""Builds FAMA Binding Updates for FamaScapyTest without our codec: scapy's MIP6 classes, python's hashlib / hmac and
the cryptography package, as a mobile node away from home sends them (IPv6 from the care-of address, a Destination
Options header with the Home Address option; scapy computes the MH checksum over the home address).

  first DAR PREFIX COA SEQ       RSA-1024 key, a Sec 0 CGA home address in PREFIX (RFC 3972 section 4), a BU with
                                 CGA Parameters and the RFC 4866 Signature (SHA1withRSA over the ERO tag | CoA | DAR |
                                 MH up to the Signature option, checksum zero); also the same BU with one signature
                                 bit flipped.
  next DAR HOA KEY BA BACOA COA SEQ
                                 takes the DAR's BA (hex MH): decrypts its Permanent Home Keygen Token with KEY, checks
                                 its Binding Authorization Data (Kbm = SHA1(token), HMAC over BACOA | DAR | BA); then a
                                 BU from COA authorized with the token (Nonce Indices 0/0 + Binding Authorization
                                 Data), and one with a wrong token.
Prints one JSON object per line."""
import hashlib
import hmac
import json
import logging
import os
import socket
import sys

logging.getLogger("scapy.runtime").setLevel(logging.ERROR)
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from scapy.layers.inet6 import (HAO, IPv6, IPv6ExtHdrDestOpt, MIP6MH_BU, MIP6OptBindingAuthData, MIP6OptCGAParams,
                                MIP6OptNonceIndices, MIP6OptSignature)

ERO_TAG = bytes.fromhex("5f2705868d6c4c56a2469ebb9b2a2e13")


def addr(text):
    return socket.inet_pton(socket.AF_INET6, text)


def mh_of(pkt):
    raw = bytes(pkt)
    return raw[40 + (raw[41] + 1) * 8:]  # after the Destination Options header


def bu(coa, hoa, dar, seq, options):
    return IPv6(src=coa, dst=dar) / IPv6ExtHdrDestOpt(options=[HAO(hoa=hoa)]) / MIP6MH_BU(
        seq=seq, flags="AH", mhtime=1000, options=options)


def zero_checksum(mh):
    return mh[:4] + b"\x00\x00" + mh[6:]


def first(dar, prefix, coa, seq):
    key = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    spki = key.public_key().public_bytes(serialization.Encoding.DER,
                                         serialization.PublicFormat.SubjectPublicKeyInfo)
    params = os.urandom(16) + addr(prefix)[:8] + b"\x00" + spki  # modifier, subnet prefix, collision count, key
    iid = bytearray(hashlib.sha1(params).digest()[:8])
    iid[0] &= 0x1C  # Sec 0, u and g clear
    hoa = socket.inet_ntop(socket.AF_INET6, addr(prefix)[:8] + bytes(iid))
    unsigned = mh_of(bu(coa, hoa, dar, seq, [MIP6OptCGAParams(cgaparams=params),
                                             MIP6OptSignature(sig=b"\x00" * 128)]))
    at = unsigned.rindex(bytes([13, 128]))  # the Signature option (after the parameters)
    signature = key.sign(ERO_TAG + addr(coa) + addr(dar) + zero_checksum(unsigned)[:at], padding.PKCS1v15(),
                         hashes.SHA1())
    good = mh_of(bu(coa, hoa, dar, seq, [MIP6OptCGAParams(cgaparams=params), MIP6OptSignature(sig=signature)]))
    flipped = bytearray(signature)
    flipped[9] ^= 0x04
    bad = mh_of(bu(coa, hoa, dar, seq, [MIP6OptCGAParams(cgaparams=params), MIP6OptSignature(sig=bytes(flipped))]))
    der = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    print(json.dumps({"name": "signed", "hoa": hoa, "key": der.hex(), "hex": good.hex()}))
    print(json.dumps({"name": "bad-signature", "hoa": hoa, "key": der.hex(), "hex": bad.hex()}))


def options_of(mh):
    at = 12 if mh[2] == 6 else 6  # BA fixed part
    while at < len(mh):
        if mh[at] == 0:
            at += 1
            continue
        yield at, mh[at], mh[at + 2:at + 2 + mh[at + 1]]
        at += 2 + mh[at + 1]


def authenticator(kbm, coa, dar, mh, at):
    data = addr(coa) + addr(dar) + zero_checksum(mh)[:at] + mh[at + 12:]
    return hmac.new(kbm, data, hashlib.sha1).digest()[:12]


def authorized(coa, hoa, dar, seq, token):
    def build(value):
        return bu(coa, hoa, dar, seq, [MIP6OptNonceIndices(olen=4, hni=0, coni=0),
                                             MIP6OptBindingAuthData(olen=12, authenticator=value)])
    blank = mh_of(build(0))
    at = blank.rindex(bytes([5, 12])) + 2
    value = authenticator(hashlib.sha1(token).digest(), coa, dar, blank, at)
    return mh_of(build(int.from_bytes(value, "big")))


def following(dar, hoa, key_hex, ba_hex, ba_coa, coa, seq):
    key = serialization.load_der_private_key(bytes.fromhex(key_hex), password=None)
    ba = bytes.fromhex(ba_hex)
    found = {t: (at, data) for at, t, data in options_of(ba)}
    token = key.decrypt(found[14][1], padding.PKCS1v15())
    bad_at = found[5][0] + 2
    verified = authenticator(hashlib.sha1(token).digest(), ba_coa, dar, ba, bad_at) == ba[bad_at:bad_at + 12]
    print(json.dumps({"name": "token", "token": token.hex(), "baVerified": verified, "hoa": hoa, "key": "",
                      "hex": ""}))
    print(json.dumps({"name": "moved", "hoa": hoa, "key": "",
                      "hex": authorized(coa, hoa, dar, seq, token).hex()}))
    print(json.dumps({"name": "wrong-token", "hoa": hoa, "key": "",
                      "hex": authorized(coa, hoa, dar, seq + 1, bytes(8)).hex()}))


if __name__ == "__main__":
    if sys.argv[1] == "first":
        first(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]))
    else:
        following(*sys.argv[2:8], int(sys.argv[8]))
