#!/usr/bin/env python3
"""A stand-in Open MPIC deployment for the tests of `dvtool mpic`'s `openmpic` transport: HTTPS on loopback,
POST /mpic with an x-api-key, answering an MpicResponse with three perspectives (two pass, ap-south-1 fails,
naming the domain it was asked about). usage: fake-openmpic.py ADDRESS PORT CERT KEY API_KEY"""
import http.server, json, ssl, sys

ADDRESS, PORT, CERT, KEY, API_KEY = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]

class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))) or b"{}")
        if self.path != "/mpic" or self.headers.get("x-api-key") != API_KEY:
            self.send_response(403); self.end_headers(); self.wfile.write(b'{"message":"Forbidden"}'); return
        target = body.get("domain_or_ip_target", "?")
        def perspective(code, passed):
            errors = [] if passed else [{"error_type": "mpic_error:dcv_checker", "error_message": f"DNS problem: NXDOMAIN looking up TXT for _acme-challenge.{target}"}]
            return {"perspective_code": code, "check_response": {"check_type": body.get("check_type"), "check_passed": passed, "errors": errors, "details": {}}}
        answer = {"mpic_completed": True, "is_valid": True, "check_type": body.get("check_type"), "domain_or_ip_target": target,
                  "perspectives": [perspective("us-east-2", True), perspective("eu-west-1", True), perspective("ap-south-1", False)]}
        data = json.dumps(answer).encode()
        self.send_response(200); self.send_header("Content-Type", "application/json"); self.send_header("Content-Length", str(len(data))); self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass

server = http.server.HTTPServer((ADDRESS, PORT), Handler)
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER); context.load_cert_chain(CERT, KEY)
server.socket = context.wrap_socket(server.socket, server_side=True)
server.serve_forever()
