#!/usr/bin/env python3
"""Independent reference values for the RADIUS tests (RFC 2865, RFC 2548, RFC 3579), written from the
RFCs with Python's hashlib/hmac only. Run `python3 vectors.py > vectors.txt`; the Java tests read
vectors.txt and must agree with it."""
import hashlib, hmac, struct

def md5(*parts):
    h = hashlib.md5()
    for p in parts:
        h.update(p)
    return h.digest()

def salt_encrypt(key, secret, req_auth, salt):
    """RFC 2548 2.4.2: Salt, then (Key-Length, Key, zero padding) XOR b(i)."""
    assert salt[0] & 0x80
    plain = bytes([len(key)]) + key
    plain += b"\0" * ((16 - len(plain) % 16) % 16)
    out, prev = b"", req_auth + salt
    for i in range(0, len(plain), 16):
        b = md5(secret, prev)
        c = bytes(x ^ y for x, y in zip(plain[i:i + 16], b))
        out += c
        prev = c
    return salt + out

def unsalted_encrypt(plain, secret, req_auth):
    """RFC 2548 2.4.1 (as User-Password, RFC 2865 5.2)."""
    out, prev = b"", req_auth
    for i in range(0, len(plain), 16):
        b = md5(secret, prev)
        c = bytes(x ^ y for x, y in zip(plain[i:i + 16], b))
        out += c
        prev = c
    return out

def attr(t, v):
    return bytes([t, 2 + len(v)]) + v

def ms(vt, v):
    return attr(26, struct.pack(">I", 311) + bytes([vt, 2 + len(v)]) + v)

def response(code, ident, req_auth, secret, attrs):
    """RFC 2865 3 Response Authenticator; RFC 3579 3.2 Message-Authenticator computed with the Request Authenticator."""
    body = attr(80, b"\0" * 16) + b"".join(attrs)
    length = 20 + len(body)
    pkt = bytes([code, ident]) + struct.pack(">H", length) + req_auth + body
    mac = hmac.new(secret, pkt, hashlib.md5).digest()
    body = attr(80, mac) + b"".join(attrs)
    pkt = bytes([code, ident]) + struct.pack(">H", length) + req_auth + body
    resp_auth = md5(pkt, secret)
    return bytes([code, ident]) + struct.pack(">H", length) + resp_auth + body

secret = b"testing123-NEVER-SHOWN"
req_auth = bytes(range(0x10, 0x20))
send_key = bytes(range(0xA0, 0xB0))
recv_key = bytes(range(0xC0, 0xD0))
print("secret", secret.hex())
print("request_authenticator", req_auth.hex())
print("send_key", send_key.hex())
print("recv_key", recv_key.hex())
send_enc = salt_encrypt(send_key, secret, req_auth, bytes([0x81, 0x23]))
recv_enc = salt_encrypt(recv_key, secret, req_auth, bytes([0x84, 0x56]))
print("send_key_salted", send_enc.hex())
print("recv_key_salted", recv_enc.hex())
v1_plain = bytes(range(1, 9)) + bytes(range(0x30, 0x40)) + b"\0" * 8
print("mschap_mppe_keys_plain", v1_plain.hex())
print("mschap_mppe_keys_encrypted", unsalted_encrypt(v1_plain, secret, req_auth).hex())
ident = 0x42
chap_id = 7
auth_resp = b"S=" + b"0123456789ABCDEF0123456789ABCDEF01234567"
accept = response(2, ident, req_auth, secret, [
    ms(26, bytes([chap_id]) + auth_resp),
    ms(16, send_enc),
    ms(17, recv_enc),
    attr(8, bytes([192, 0, 2, 77])),
    attr(27, struct.pack(">I", 3600)),
    attr(28, struct.pack(">I", 600)),
    ms(28, bytes([192, 0, 2, 53])),
    attr(25, b"class-1"),
    attr(18, b"Welcome"),
])
print("identifier", "%02x" % ident)
print("chap_id", "%02x" % chap_id)
print("accept_mschapv2", accept.hex())
reject = response(3, ident, req_auth, secret, [
    ms(2, bytes([chap_id]) + b"E=691 R=0 V=3"),
    attr(18, b"Wrong password"),
])
print("reject_mschapv2", reject.hex())
