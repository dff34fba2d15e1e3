"""POST /api/v1/lint: check any text with the blameless-language checker."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from hotwash.core.lint import check

router = Router(tags=["language"])


class LintIn(Schema):
    text: str = Field(..., max_length=1_000_000)
    names: list[str] = Field([], description="People's names, to strengthen detection of people as the cause")


class FindingOut(Schema):
    code: str
    name: str
    family: str
    severity: str
    line: int
    column: int
    start: int
    end: int
    text: str
    sentence: str
    message: str
    why: str
    suggestion: str | None
    replacement: str | None


class LintOut(Schema):
    findings: list[FindingOut]
    blocking: int


@router.post("/lint", response=LintOut)
def lint(request: HttpRequest, payload: LintIn) -> Any:
    findings = check(payload.text, names=payload.names)
    return {"findings": [f.to_dict() for f in findings], "blocking": sum(1 for f in findings if f.blocking)}
