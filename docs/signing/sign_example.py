"""Signs the README example request with nothing but the Python standard library.

An independent implementation of the canonical form (hand-written protobuf encoding), used to check
the C# signer: tests/LlmBroker.Pipeline.Tests/SigningVectorTests.cs holds the values this prints.
"""
import hashlib
import hmac


def varint(n):
    out = b""
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out += bytes([b | 0x80])
        else:
            return out + bytes([b])


def field_bytes(number, payload):  # wire type 2: length-delimited
    return varint(number << 3 | 2) + varint(len(payload)) + payload


def field_varint(number, value):  # wire type 0
    return varint(number << 3 | 0) + varint(value)


def text(number, value):
    return field_bytes(number, value.encode("utf-8")) if value else b""


API_KEY = "lbk_Zm9yIGRvY3VtZW50YXRpb24gb25seSwgbm90IGEgcmVhbCBrZXk"
KEY_ID = "key_0123456789abcdef"
SIGNED_AT_UNIX_MS = 1780000000000
tags = {"team": "search", "env": "prod"}

message = field_varint(1, 2) + text(2, "Hello")  # ChatMessage{role: ROLE_USER, content}
canonical = (
    text(1, "01960000-0000-7000-8000-000000000001")  # request_id
    + text(2, "acme")  # tenant
    + text(3, "web")  # app
    + text(4, "gpt-4o-mini")  # model
    + field_bytes(5, message)  # messages
    + field_varint(8, 1)  # lane = LANE_INTERACTIVE
    # tags: one map entry per key, sorted by the UTF-8 bytes of the key
    + b"".join(field_bytes(11, text(1, k) + text(2, tags[k])) for k in sorted(tags, key=lambda k: k.encode("utf-8")))
    # times (16) and signature (17) are not part of the canonical form
)

signing_key = hmac.new(API_KEY.encode("utf-8"), b"llmbroker-signing-v1", hashlib.sha256).digest()
signing_input = f"LLMB1-HMAC-SHA256\n{KEY_ID}\n{SIGNED_AT_UNIX_MS}\n".encode("utf-8") + canonical
signature = hmac.new(signing_key, signing_input, hashlib.sha256).digest()

print("signing_key  ", signing_key.hex())
print("canonical    ", canonical.hex())
print("signing_input", signing_input.hex())
print("signature    ", signature.hex())
