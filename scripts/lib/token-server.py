#!/usr/bin/env python3
"""A token server for one network perspective (scripts/perspectives): serves the http-01 token, or answers 403
to everything, as a regional firewall would. usage: token-server.py ADDRESS ok|forbidden"""
import http.server, sys

TOKEN_PATH = "/.well-known/acme-challenge/mpic-token"
BODY = b"mpic-token.thumbprint"
MODE = sys.argv[2]

class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if MODE == "forbidden":
            self.send_response(403); body = b"Forbidden"
        elif self.path == TOKEN_PATH:
            self.send_response(200); body = BODY
        else:
            self.send_response(404); body = b"Not Found"
        self.send_header("Content-Type", "text/plain"); self.send_header("Content-Length", str(len(body))); self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass

http.server.HTTPServer((sys.argv[1], 80), Handler).serve_forever()
