"""Reading a page a user linked to, without letting a link reach inside the server's network.

A link is fetched only over http(s), from a host whose every address is public (not loopback,
private, link-local, shared or reserved); each redirect is checked the same way, at most
``MAX_REDIRECTS`` of them; the body stops at the upload size limit and the whole fetch at the
time limit. (The address is checked when resolved; a host that changes its answer between
the check and the connection is not caught: the bot should also run without access to
internal services it does not need.)
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable
from urllib.parse import urljoin, urlsplit

import httpx

from bot.core.intake import InputError, decode, html_to_text

MAX_REDIRECTS = 5
USER_AGENT = "sahel-analyst/0.1"
Resolver = Callable[[str, int], Awaitable[list[str]]]


async def resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (DNS in a thread: never on the event loop)."""
    try:
        infos = await asyncio.to_thread(socket.getaddrinfo, host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise InputError("no_host", host=host) from exc
    return [str(info[4][0]) for info in infos]


def is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


async def check_url(url: str, allow_private: bool = False, resolver: Resolver = resolve) -> None:
    """Raise ``InputError`` unless ``url`` is an http(s) link to a public host."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError("not_http")
    if allow_private:
        return
    addresses = await resolver(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
    if not addresses or not all(is_public(a) for a in addresses):
        raise InputError("private_link")


async def fetch_page(
    url: str,
    max_bytes: int,
    timeout_s: float,
    allow_private: bool = False,
    resolver: Resolver = resolve,
    transport: httpx.AsyncBaseTransport | None = None,
) -> tuple[str, str | None, str | None]:
    """(text, title, published date) of the page at ``url``. Raises ``InputError`` for a refused
    or oversized page, ``httpx.HTTPError`` when the site fails."""
    async with httpx.AsyncClient(timeout=timeout_s, follow_redirects=False, transport=transport) as client:
        for _ in range(MAX_REDIRECTS + 1):
            await check_url(url, allow_private, resolver)
            async with client.stream("GET", url, headers={"User-Agent": USER_AGENT}) as resp:
                if resp.is_redirect and resp.headers.get("location"):
                    url = urljoin(url, resp.headers["location"])
                    continue
                resp.raise_for_status()
                body = bytearray()
                async for chunk in resp.aiter_bytes():
                    body.extend(chunk)
                    if len(body) > max_bytes:
                        raise InputError("page_too_large", mb=max_bytes // 1_000_000)
                break
        else:
            raise InputError("redirects", n=MAX_REDIRECTS)
    text = decode(bytes(body), max_bytes)
    return await asyncio.to_thread(html_to_text, text) if "<" in text[:2000] else (text, None, None)
