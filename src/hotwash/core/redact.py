"""Redaction of a postmortem's text for sharing outside the team.

- People's names become their roles (``Marco Silva`` → ``the on-call engineer``) unless they
  consented to be named; first and last names alone are replaced too.
- Optionally: e-mail addresses → ``[email]``, IPv4/IPv6 addresses → ``[ip]``, internal host
  names (under the given internal domains, or a well-known internal suffix such as ``.internal``,
  ``.local``, ``.corp``, ``.lan``, ``.svc.cluster.local``) → ``[host]``.

Pure functions over strings; the web layer decides which names and options apply.
Known limits: a version string shaped like an IPv4 address (``10.2.3.4``) is masked; a name that
is also an ordinary word (``Will``, ``May``) is replaced wherever it stands as a word.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

EMAIL_MASK = "[email]"
IP_MASK = "[ip]"
HOST_MASK = "[host]"

INTERNAL_SUFFIXES = ("internal", "local", "lan", "corp", "intra", "intranet", "home.arpa", "svc",
                     "cluster.local", "localdomain")

_EMAIL = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_IPV4 = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w]|\.\d)")
_IPV6 = re.compile(r"(?<![\w:.])(?=[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*:)[0-9A-Fa-f:.]{2,}(?:%[\w]+)?(?![\w:])")
_HOST = re.compile(r"(?<![\w.-])(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z][A-Za-z0-9-]*(?![\w-])")


@dataclass(frozen=True)
class RedactionOptions:
    mask_emails: bool = True
    mask_ips: bool = True
    mask_hosts: bool = True
    internal_domains: tuple[str, ...] = field(default_factory=tuple)  # e.g. ("acme.net", "corp.acme.com")


def mask_emails(text: str) -> str:
    return _EMAIL.sub(EMAIL_MASK, text)


def _is_ip(candidate: str) -> bool:
    try:
        ipaddress.ip_address(candidate.split("%", 1)[0])
    except ValueError:
        return False
    return True


def mask_ips(text: str) -> str:
    text = _IPV4.sub(lambda m: IP_MASK if _is_ip(m.group(0)) else m.group(0), text)

    def v6(m: re.Match[str]) -> str:
        raw = m.group(0)
        core = raw.rstrip(".")
        if _is_ip(core):
            return IP_MASK + raw[len(core):]
        return raw

    return _IPV6.sub(v6, text)


def is_internal_host(host: str, internal_domains: Iterable[str] = ()) -> bool:
    name = host.lower().rstrip(".")
    suffixes = tuple(d.lower().strip(".") for d in internal_domains if d.strip(".")) + INTERNAL_SUFFIXES
    return any(name == s or name.endswith("." + s) for s in suffixes)


def mask_hosts(text: str, internal_domains: Iterable[str] = ()) -> str:
    domains = tuple(internal_domains)
    return _HOST.sub(lambda m: HOST_MASK if is_internal_host(m.group(0), domains) else m.group(0), text)


def name_variants(name: str) -> list[str]:
    """The full name, then each part of at least three letters (first name, last name)."""
    full = " ".join(name.split())
    if not full:
        return []
    parts = [p for p in full.split(" ") if len(p) >= 3]
    return list(dict.fromkeys([full, *parts]))


def replace_names(text: str, names: Mapping[str, str]) -> str:
    """Replace each name (and its first/last name alone) by its role, whole words only,
    ignoring case. Longer names first, so ``Ana Lee`` wins over ``Ana``."""
    pairs: dict[str, str] = {}
    for name, role in names.items():
        for variant in name_variants(name):
            pairs.setdefault(variant.lower(), role)
    if not pairs:
        return text
    ordered = sorted(pairs, key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(v) for v in ordered) + r")(?!\w)", re.IGNORECASE)
    return pattern.sub(lambda m: pairs[m.group(0).lower()], text)


def role_label(role: str, index: int = 0) -> str:
    """How a person without consent is called: their role, or 'a participant'."""
    role = " ".join(role.split())
    if not role:
        return "a participant" if index == 0 else f"participant {index}"
    lowered = role.lower()
    if lowered.startswith(("the ", "a ", "an ")):
        return role
    return f"the {role}"


def redact(text: str, *, names: Mapping[str, str] | None = None,
           options: RedactionOptions | None = None) -> str:
    """Apply name replacement, then e-mail, IP and host masking as the options say."""
    options = options or RedactionOptions()
    if options.mask_emails:
        text = mask_emails(text)
    if names:
        text = replace_names(text, names)
    if options.mask_ips:
        text = mask_ips(text)
    if options.mask_hosts:
        text = mask_hosts(text, options.internal_domains)
    return text
