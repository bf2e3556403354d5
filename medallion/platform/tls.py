"""The process's TLS client context, shared by every HTTP client it makes.

httpx builds a context for each client, and building one loads the whole CA bundle: 20–30 ms of
CPU, which a webhook attempt (one client each) would pay every time. A context is safe to share
between clients and threads; SSL_CERT_FILE and SSL_CERT_DIR are honoured as httpx does.
"""

import functools
import ssl

import httpx


@functools.cache
def client_tls() -> ssl.SSLContext:
    return httpx.create_ssl_context()
