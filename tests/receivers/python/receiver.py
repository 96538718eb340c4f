"""A widget back end written the way small Python receivers are: the standard library only, a body read as JSON when
its Content-Type says so and as the PHP-style form the platform posts otherwise (data[lead]=1 -> {"data": {"lead":
"1"}}), the token checked with hmac (signature, exp/nbf, aud = scheme://host of the redirect URI), and entity_type
compared as the string the platform sends ("2" for a lead). Run by the Pester tests:

    python3 receiver.py <port>

with AMO_CLIENT_SECRET and AMO_REDIRECT_URI in the environment. It answers 200 with what it read, 401 for a token
that does not verify, 400 for a body it cannot read.

The standard library has no JWT: the check is written out (HS256/HS512 over the two first segments, RFC 7515).
"""

import base64
import hashlib
import hmac
import json
import os
import re
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

SECRET = os.environ["AMO_CLIENT_SECRET"].encode()
_redirect = urlsplit(os.environ["AMO_REDIRECT_URI"])
AUDIENCE = f"{_redirect.scheme}://{_redirect.hostname}"
ENTITY_TYPES = {"1": "contact", "2": "lead", "12": "customer"}
HASHES = {"HS256": hashlib.sha256, "HS512": hashlib.sha512}


def b64url(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def verify(token, algorithm):
    head, payload, signature = token.split(".")
    if json.loads(b64url(head)).get("alg") != algorithm:
        raise ValueError(f"alg is not {algorithm}")
    expected = hmac.new(SECRET, f"{head}.{payload}".encode(), HASHES[algorithm]).digest()
    if not hmac.compare_digest(expected, b64url(signature)):
        raise ValueError("signature does not verify")
    claims = json.loads(b64url(payload))
    now = time.time()
    if not claims["nbf"] <= now < claims["exp"]:
        raise ValueError("token is not valid now")
    if claims.get("aud") != AUDIENCE:
        raise ValueError(f"aud is not {AUDIENCE}")
    return claims


def parse_form(text):
    result = {}
    for key, value in parse_qsl(text, keep_blank_values=True):
        path = [part for part in re.split(r"[\[\]]+", key) if part]
        node = result
        for part in path[:-1]:
            node = node.setdefault(part, {})
        node[path[-1]] = value
    return result


class Receiver(BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        raw = self.rfile.read(length).decode("utf-8")
        try:
            body = json.loads(raw) if self.headers.get("Content-Type", "").startswith("application/json") else parse_form(raw)
        except ValueError as error:
            return self.answer(400, {"error": f"unreadable body: {error}"})
        route = urlsplit(self.path).path
        try:
            if route == "/salesbot":
                claims = verify(body["token"], "HS512")
                entity = ENTITY_TYPES.get(claims["entity_type"]) if isinstance(claims["entity_type"], str) else None
                if entity is None:
                    return self.answer(400, {"error": f"entity_type {claims['entity_type']!r} is not a code string"})
                return self.answer(200, {"ok": True, "entity": entity, "subdomain": claims["subdomain"], "data": body.get("data"), "return_url": body.get("return_url")})
            if route == "/dp":
                event = body["event"]
                return self.answer(200, {"ok": True, "type_code": event["type_code"], "lead": str(event["data"]["id"]), "account_id": str(body["account_id"])})
            if route == "/sms":
                claims = verify(body["token"], "HS256")
                return self.answer(200, {"ok": True, "subdomain": claims["subdomain"], "phone": body.get("phone"), "text": body.get("text")})
        except (KeyError, ValueError) as error:
            return self.answer(401, {"error": str(error)})
        return self.answer(404, {"error": "not found"})

    def answer(self, status, body):
        data = json.dumps(body, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Receiver).serve_forever()
