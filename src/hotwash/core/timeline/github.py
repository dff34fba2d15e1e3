"""GitHub webhook payloads: deployment, deployment_status, push, release (also REST
deployment/deployment-status lists). Push commit timestamps carry the committer's offset.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import tzinfo
from typing import IO, Any

from hotwash.core.model import Entry, EntryKind
from hotwash.core.timeline.base import Context, ReadReport, as_list, dig, load_json, obj, text_of

NAME = "github"


def detect(head: bytes) -> bool:
    if b"api.github.com" not in head and b"github.com" not in head:
        return False
    return any(k in head for k in (b'"deployment"', b'"deployment_status"', b'"pusher"', b'"release"',
                                   b'"head_commit"', b'"statuses_url"', b'"commits"', b'/deployments/'))


def _repo(doc: dict[str, Any]) -> str:
    return text_of(dig(doc, "repository", "full_name"))


def _deployment(dep: dict[str, Any], ctx: Context, where: str, repo: str) -> Entry | None:
    ctx.report.read += 1
    env = text_of(dep.get("environment"))
    ref = text_of(dep.get("ref")) or text_of(dep.get("sha"))[:7]
    desc = text_of(dep.get("description"))
    text = f"Deployment of {ref} to {env or 'an environment'} created" + (f" in {repo}" if repo else "")
    if desc:
        text += f": {desc}"
    return ctx.entry(dep.get("created_at"), where, text, f"deployment:{dep.get('id')}", EntryKind.DEPLOY,
                     actor=text_of(dig(dep, "creator", "login")), link=text_of(dep.get("url")),
                     extra={"sha": text_of(dep.get("sha")), "environment": env, "repository": repo})


def _status(status: dict[str, Any], dep: dict[str, Any], ctx: Context, where: str, repo: str) -> Entry | None:
    ctx.report.read += 1
    state = text_of(status.get("state"))
    env = text_of(status.get("environment") or dep.get("environment"))
    ref = text_of(dep.get("ref")) or text_of(dep.get("sha"))[:7]
    desc = text_of(status.get("description"))
    text = f"Deployment {state}: {ref or 'deployment'} to {env or 'an environment'}" + (
        f" in {repo}" if repo else "")
    if desc:
        text += f" — {desc}"
    link = text_of(status.get("log_url") or status.get("target_url") or status.get("url"))
    return ctx.entry(status.get("created_at"), where, text, f"deployment_status:{status.get('id')}",
                     EntryKind.DEPLOY, actor=text_of(dig(status, "creator", "login")), link=link,
                     extra={"state": state, "environment": env, "repository": repo})


def _push(doc: dict[str, Any], ctx: Context, repo: str) -> Iterator[Entry]:
    ref = text_of(doc.get("ref")).replace("refs/heads/", "")
    pusher = text_of(dig(doc, "pusher", "name"))
    commits = [c for c in as_list(doc.get("commits")) if isinstance(c, dict)]
    head = doc.get("head_commit") if isinstance(doc.get("head_commit"), dict) else None
    ctx.report.read += 1
    flags = [w for w, k in (("force-", "forced"), ("new branch ", "created"), ("deleted ", "deleted"))
             if doc.get(k)]
    when = dig(head, "timestamp") if head else (commits[-1].get("timestamp") if commits else None)
    if when is None:
        when = dig(doc, "repository", "pushed_at")
    title = text_of(dig(head, "message")).splitlines()[0] if head and head.get("message") else ""
    text = f"{''.join(flags)}push to {ref} in {repo}: {len(commits)} commit(s)".strip()
    text = text[0].upper() + text[1:]
    if title:
        text += f", head: {title}"
    entry = ctx.entry(when, "push", text, f"push:{doc.get('after')}", EntryKind.DEPLOY, actor=pusher,
                      link=text_of(doc.get("compare")),
                      extra={"before": text_of(doc.get("before")), "after": text_of(doc.get("after")),
                             "ref": ref, "forced": bool(doc.get("forced")), "repository": repo})
    if entry:
        yield entry


def _release(doc: dict[str, Any], ctx: Context, repo: str) -> Entry | None:
    ctx.report.read += 1
    rel = doc["release"]
    tag = text_of(rel.get("tag_name"))
    name = text_of(rel.get("name"))
    action = text_of(doc.get("action")) or "published"
    text = f"Release {tag}{' (' + name + ')' if name and name != tag else ''} {action} in {repo}"
    when = rel.get("published_at") or rel.get("created_at")
    return ctx.entry(when, "release", text, f"release:{rel.get('id')}:{action}", EntryKind.DEPLOY,
                     actor=text_of(dig(rel, "author", "login")), link=text_of(rel.get("html_url")),
                     extra={"tag": tag, "repository": repo, "prerelease": bool(rel.get("prerelease"))})


def read(stream: IO[bytes], *, tz: tzinfo | None, name: str = "",
         report: ReadReport | None = None) -> Iterator[Entry]:
    ctx = Context(name, tz, report, NAME)
    doc = load_json(stream, ctx)
    if isinstance(doc, list):  # REST: list of deployments or of deployment statuses
        for number, item in enumerate(doc, 1):
            if not isinstance(item, dict):
                continue
            entry = (_status(item, {}, ctx, f"record {number}", "") if "state" in item
                     else _deployment(item, ctx, f"record {number}", ""))
            if entry:
                yield entry
        return
    if not isinstance(doc, dict):
        raise ctx.fail("", "not a GitHub payload")
    repo = _repo(doc)
    if isinstance(doc.get("deployment_status"), dict):
        dep = obj(doc.get("deployment"))
        entry = _status(doc["deployment_status"], dep, ctx, "deployment_status", repo)
    elif isinstance(doc.get("deployment"), dict):
        entry = _deployment(doc["deployment"], ctx, "deployment", repo)
    elif "pusher" in doc or ("commits" in doc and "ref" in doc):
        yield from _push(doc, ctx, repo)
        return
    elif isinstance(doc.get("release"), dict):
        entry = _release(doc, ctx, repo)
    elif "environment" in doc and "sha" in doc and "created_at" in doc:
        entry = _deployment(doc, ctx, "deployment", repo)
    else:
        event = "unknown"
        for key in ("issue", "comment", "workflow_run", "pull_request"):
            if key in doc:
                event = key
                break
        raise ctx.fail("", f"GitHub '{event}' payloads are not timeline events "
                           "(supported: deployment, deployment_status, push, release)")
    if entry:
        yield entry
