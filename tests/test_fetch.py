"""Links are fetched only from public hosts, every redirect checked, with size and hop limits."""

from __future__ import annotations

import httpx
import pytest

from bot.core.fetch import MAX_REDIRECTS, check_url, fetch_page, is_public
from bot.core.intake import InputError

PUBLIC = {
    "news.example": "93.184.216.34",
    "cdn.example": "151.101.1.69",
    "inside.example": "10.0.0.7",
    "meta.example": "169.254.169.254",
    "six.example": "::ffff:127.0.0.1",
}


async def fake_resolver(host: str, port: int) -> list[str]:
    return [PUBLIC[host]] if host in PUBLIC else [host]


def site(routes: dict[str, httpx.Response]) -> httpx.MockTransport:
    return httpx.MockTransport(lambda request: routes.get(str(request.url), httpx.Response(404)))


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "192.168.1.1",
        "172.16.0.5",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",
        "::1",
        "fe80::1",
        "::ffff:10.0.0.1",
        "224.0.0.1",
    ],
)
def test_internal_addresses_are_not_public(address):
    assert not is_public(address)


def test_public_addresses_are():
    assert is_public("93.184.216.34") and is_public("2606:4700:4700::1111")


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://news.example/a",
        "http://inside.example/",
        "http://meta.example/latest/",
        "http://six.example/",
        "http://127.0.0.1:8080/",
    ],
)
async def test_refused_links(url):
    with pytest.raises(InputError):
        await check_url(url, resolver=fake_resolver)


async def test_a_redirect_into_the_network_is_refused():
    transport = site(
        {"https://news.example/a": httpx.Response(302, headers={"location": "http://inside.example/admin"})}
    )
    with pytest.raises(InputError, match="private network"):
        await fetch_page("https://news.example/a", 10_000, 5, resolver=fake_resolver, transport=transport)


async def test_public_redirects_are_followed_up_to_the_limit():
    page = "Gunmen attacked a market in Gao on Monday, killing three traders, officials said."
    transport = site(
        {
            "https://news.example/a": httpx.Response(301, headers={"location": "https://cdn.example/b"}),
            "https://cdn.example/b": httpx.Response(200, text=page),
        }
    )
    text, _, _ = await fetch_page("https://news.example/a", 10_000, 5, resolver=fake_resolver, transport=transport)
    assert text == page
    loop = site(
        {
            f"https://news.example/{n}": httpx.Response(302, headers={"location": f"/{n + 1}"})
            for n in range(MAX_REDIRECTS + 2)
        }
    )
    with pytest.raises(InputError, match="redirects more than"):
        await fetch_page("https://news.example/0", 10_000, 5, resolver=fake_resolver, transport=loop)


async def test_a_page_over_the_size_limit_is_cut():
    transport = site({"https://news.example/big": httpx.Response(200, text="x" * 50_000)})
    with pytest.raises(InputError, match="larger than"):
        await fetch_page("https://news.example/big", 10_000, 5, resolver=fake_resolver, transport=transport)
