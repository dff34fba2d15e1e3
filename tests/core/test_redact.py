"""Redaction for sharing outside: names become roles, e-mails, IPs and internal hosts are masked."""

from __future__ import annotations

import ipaddress

from hypothesis import given
from hypothesis import strategies as st

from hotwash.core.redact import (
    RedactionOptions,
    is_internal_host,
    mask_emails,
    mask_hosts,
    mask_ips,
    redact,
    replace_names,
    role_label,
)

words = st.text(alphabet="abcdefghij klmnop,;()", max_size=40)


def test_a_name_and_its_first_and_last_name_become_the_role():
    text = "Marco Silva restarted the pool. Later Marco paged Okafor; silva agreed."
    out = replace_names(text, {"Marco Silva": "the on-call engineer", "Dana Okafor": "the incident commander"})
    assert out == ("the on-call engineer restarted the pool. Later the on-call engineer paged the incident "
                   "commander; the on-call engineer agreed.")


def test_a_name_inside_another_word_is_left_alone():
    assert replace_names("Marcos and Ana's banana", {"Marco": "the SRE", "Ana": "the lead"}) == "Marcos and the lead's banana"


def test_a_role_reads_as_a_noun_phrase():
    assert role_label("on-call engineer") == "the on-call engineer"
    assert role_label("") == "a participant" and role_label("", 2) == "participant 2"
    assert role_label("an SRE") == "an SRE"


def test_ipv4_and_ipv6_are_masked_but_times_and_versions_with_letters_are_not():
    text = "from 10.0.3.4 and fe80::1%eth0 and 2001:db8::8a2e:370:7334 at 12:20:31, build v1.2.3"
    assert mask_ips(text) == "from [ip] and [ip] and [ip] at 12:20:31, build v1.2.3"
    assert mask_ips("999.1.1.1 is not an address") == "999.1.1.1 is not an address"


def test_internal_hosts_are_masked_and_public_ones_kept():
    text = "db-1.prod.internal, api.acme.net and www.example.com, kube-dns.kube-system.svc.cluster.local"
    out = mask_hosts(text, ["acme.net"])
    assert out == "[host], [host] and www.example.com, [host]"
    assert is_internal_host("build.corp") and not is_internal_host("corp.example.org")


def test_emails_are_masked_before_names_so_no_half_address_remains():
    out = redact("write to marco.silva@acme.com, Marco", names={"Marco Silva": "the SRE"})
    assert out == "write to [email], the SRE"


def test_options_turn_each_mask_off():
    text = "a@b.io on 10.0.0.1 via x.internal"
    assert redact(text, options=RedactionOptions(False, False, False)) == text


@given(st.ip_addresses(), words, words)
def test_no_ip_address_survives(address, before, after):
    out = mask_ips(f"{before} {address} {after}")
    for token in out.replace(",", " ").replace(";", " ").replace("(", " ").replace(")", " ").split():
        try:
            ipaddress.ip_address(token)
        except ValueError:
            continue
        raise AssertionError(f"{token} survived in {out!r}")


@given(st.emails(), words)
def test_no_email_survives(email, before):
    assert "@" not in mask_emails(f"{before} {email} .").replace("[email]", "")


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz .,", max_size=80))
def test_text_without_names_addresses_or_hosts_is_unchanged(text):
    if "." in text.replace(". ", "").rstrip("."):
        return  # dotted words may look like host names
    assert redact(text, names={"Zoë Quill": "the SRE"}) == text


@given(st.sampled_from(["Marco Silva", "Dana Okafor", "Li Wei", "Ana María López"]), words)
def test_redaction_is_idempotent_and_the_name_is_gone(name, filler):
    names = {name: "the on-call engineer"}
    once = redact(f"{filler} {name} {filler}", names=names)
    assert redact(once, names=names) == once
    assert name not in once
