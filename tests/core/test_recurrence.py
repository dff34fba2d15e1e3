"""The recurrence scorer: text similarity plus shared services, tags and categories, explained."""

from __future__ import annotations

from hotwash.core.recurrence import IncidentText, query_terms, rank_similar, stem, tokens


def incident(key: str, title: str, summary: str = "", services=(), tags=(), categories=()) -> IncidentText:  # type: ignore[no-untyped-def]
    return IncidentText(key=key, title=title, summary=summary, services=frozenset(services),
                        tags=frozenset(tags), categories=frozenset(categories))


CERT = incident("cert", "TLS certificate expired on the API", "Clients failed the handshake after expiry",
                services=["api"], tags=["tls"])
DNS = incident("dns", "DNS zone change broke resolution", "Lookups failed for the payments domain", services=["dns"])
POOL = incident("pool", "Connection pool exhausted after config change", "Database refused connections",
                services=["payments-db"], tags=["database"])


def test_stemming_joins_the_forms_of_a_word():
    assert stem("expired") == stem("expires") == stem("expiry")
    assert stem("certificates") == stem("certificate")
    assert "incident" not in tokens("The incident began") and "the" not in tokens("the pool")


def test_the_same_kind_of_incident_ranks_first_with_its_reasons():
    target = incident("new", "Mobile certificate expired", "Handshake failures on the mobile API", tags=["tls"])
    found = rank_similar(target, [DNS, POOL, CERT])
    assert found[0].key == "cert"
    # shown as the new incident writes them, not as stems
    assert "handshake" in found[0].shared_terms or "certificate" in found[0].shared_terms
    assert all(t in "mobile certificate expired handshake failures on the mobile api" for t in found[0].shared_terms)
    assert found[0].shared_tags == ["tls"]
    assert any(r.startswith("same tag") for r in found[0].reasons)


def test_shared_services_alone_make_a_weak_match():
    target = incident("new", "Slow queries", services=["payments-db"])
    found = rank_similar(target, [POOL, DNS], min_score=0.0)
    assert found[0].key == "pool" and found[0].shared_services == ["payments-db"]
    assert found[0].score < 0.5


def test_unrelated_incidents_fall_below_the_threshold_and_the_target_is_never_its_own_match():
    target = incident("cert", "TLS certificate expired on the API")
    assert [m.key for m in rank_similar(target, [CERT, DNS])] == []


def test_query_terms_are_the_most_frequent_content_words():
    assert query_terms(CERT)[:2] == ["api", "certificate"]
