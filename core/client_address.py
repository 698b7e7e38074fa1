"""The client's address, as far as it can be trusted.

X-Forwarded-For is written by whoever sends the request: only the entries added by our own
proxies are true. TRUSTED_PROXY_COUNT says how many proxies stand in front of the application;
each appends the address it received the request from, so the client is the Nth entry from the
right. With no proxy (the default) the header is ignored and REMOTE_ADDR is the client.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The client's IP address, normalised ("2001:DB8::1" -> "2001:db8::1"), or None when not even
    the connection's own address is one. Used for every address the site records or limits by."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if len(forwarded) >= proxies:
            address = valid_ip(forwarded[-proxies])
            if address:
                return address
        # Fewer entries than proxies, or garbage where our proxy writes: the request did not
        # come through them as configured. The connection's own address is at least true.
    return valid_ip(request.META.get("REMOTE_ADDR", ""))


def valid_ip(value: str) -> str | None:
    """`value` as a normalised IP address, or None. Accepts what proxies write: surrounding
    spaces, an IPv4 port ("203.0.113.5:41234"), a bracketed IPv6 ("[2001:db8::1]:443")."""
    value = value.strip()
    if value.startswith("["):
        value = value[1:].partition("]")[0]
    elif value.count(":") == 1:
        value = value.partition(":")[0]
    # A zone ("fe80::1%eth0") names an interface of the proxy: not part of the client's address,
    # and PostgreSQL's inet would refuse it.
    value = value.partition("%")[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None
