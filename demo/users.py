"""The fixed local users of the twin provider (there is no registration)."""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class LocalUser:
    """One fixed user and the claims each scope can release."""

    username: str
    sub: str
    color: str
    email: str
    phone_number: str
    birthdate: str
    address: dict[str, str] = field(default_factory=dict)

    @property
    def picture(self) -> str:
        """A small SVG avatar as a data URL, so nothing is fetched from the network."""
        svg = (
            '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">'
            f'<circle cx="32" cy="32" r="32" fill="{self.color}"/>'
            '<text x="32" y="42" font-size="30" text-anchor="middle" fill="#fff" '
            f'font-family="sans-serif">{self.username[0].upper()}</text></svg>'
        )
        return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")

    def claims_for(self, scopes: frozenset[str]) -> dict[str, Any]:
        """The user claims released for the granted scopes (protocol claims excluded)."""
        claims: dict[str, Any] = {"sub": self.sub}
        if scopes & {"openid", "profile"}:
            claims["preferred_username"] = self.username
        if "avatar" in scopes:
            claims["picture"] = self.picture
        if "email" in scopes:
            claims["email"] = self.email
            claims["email_verified"] = True
        if "phone" in scopes:
            claims["phone_number"] = self.phone_number
            claims["phone_number_verified"] = True
        if "birthdate" in scopes:
            claims["birthdate"] = self.birthdate
        if "address" in scopes:
            claims["address"] = dict(self.address)
        return claims


def _address(street: str, locality: str, code: str, country: str) -> dict[str, str]:
    return {
        "formatted": f"{street}\n{code} {locality}\n{country}",
        "street_address": street,
        "locality": locality,
        "postal_code": code,
        "country": country,
    }


# Stable subs (UUIDs like Passwordless.ID's) so tests can assert on them across runs.
USERS: dict[str, LocalUser] = {
    user.username: user
    for user in (
        LocalUser(
            username="alice",
            sub="0f9c4a52-3d1e-4f7a-9a61-2b8f0c1d5e01",
            color="#6a4c93",
            email="alice@example.org",
            phone_number="+41 79 000 00 01",
            birthdate="1990-04-01",
            address=_address("1 Rue du Test", "Genève", "1200", "CH"),
        ),
        LocalUser(
            username="bob",
            sub="6b2d8e17-5a4f-4c3b-8e92-7d1a3f6c9b02",
            color="#1982c4",
            email="bob@example.org",
            phone_number="+41 79 000 00 02",
            birthdate="1985-11-23",
            address=_address("2 Teststrasse", "Zürich", "8000", "CH"),
        ),
        LocalUser(
            username="carol",
            sub="c3a1f5d9-8b7e-4d2c-a6f4-5e9b1d7c3a03",
            color="#8ac926",
            email="carol@example.org",
            phone_number="+41 79 000 00 03",
            birthdate="2000-02-29",
            address=_address("3 Via Prova", "Lugano", "6900", "CH"),
        ),
    )
}
