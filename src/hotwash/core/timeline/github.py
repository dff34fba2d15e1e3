"""GitHub: webhook payloads (deployment, deployment_status, push, release, workflow_run, a merged
pull_request; also as a delivery record ``{"event", "request": {"payload"}}``), REST lists as
``gh api`` prints them (deployments, deployment statuses, releases, commits, workflow runs, pulls,
repository events; ``--paginate`` output of several arrays in a row). Push times are the push
(``repository.pushed_at``), commit times keep the committer's offset.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import tzinfo
from typing import IO, Any

from hotwash.core.model import Entry, EntryKind
from hotwash.core.timeline.base import Context, ReadReport, as_list, dig, load_json, obj, text_of

NAME = "github"
_STRONG = re.compile(rb'"(?:deployment_status|deployment|pusher|head_commit|workflow_run|workflow_runs|tag_name|'
                     rb'statuses_url|deployment_url)"\s*:')
_EVENTS = re.compile(rb'"type"\s*:\s*"(?:Push|Release|Deployment|DeploymentStatus|Create|PullRequest)Event"')


def detect(head: bytes) -> bool:
    if _EVENTS.search(head) and b'"payload"' in head:
        return True
    if b"api.github.com" not in head and b"github.com" not in head:
        # GitHub Enterprise has its own host: a payload still names its GitHub-only keys
        return bool(_STRONG.search(head)) and (b'"repository"' in head or b'"node_id"' in head)
    return any(k in head for k in (b'"deployment"', b'"deployment_status"', b'"pusher"', b'"release"',
                                   b'"head_commit"', b'"statuses_url"', b'"commits"', b'/deployments/',
                                   b'"tag_name"', b'"workflow_run', b'"merged_at"', b'"committer"'))


def _repo(doc: dict[str, Any]) -> str:
    return text_of(dig(doc, "repository", "full_name") or dig(doc, "repo", "name"))


def _in(repo: str) -> str:
    return f" in {repo}" if repo else ""


def _repo_of_url(url: str) -> str:
    m = re.search(r"/repos/([^/]+/[^/]+)/", url)
    return m.group(1) if m else ""


def _deployment(dep: dict[str, Any], ctx: Context, where: str, repo: str) -> Entry | None:
    ctx.report.read += 1
    repo = repo or _repo_of_url(text_of(dep.get("url")))
    env = text_of(dep.get("environment"))
    ref = text_of(dep.get("ref")) or text_of(dep.get("sha"))[:7]
    desc = text_of(dep.get("description"))
    text = f"Deployment of {ref or 'a commit'} to {env or 'an environment'} created{_in(repo)}"
    if desc:
        text += f": {desc}"
    return ctx.entry(dep.get("created_at"), where, text, f"deployment:{dep.get('id')}", EntryKind.DEPLOY,
                     actor=text_of(dig(dep, "creator", "login")), link=text_of(dep.get("url")),
                     extra={"sha": text_of(dep.get("sha")), "environment": env, "repository": repo,
                            "task": text_of(dep.get("task"))})


def _status(status: dict[str, Any], dep: dict[str, Any], ctx: Context, where: str, repo: str) -> Entry | None:
    ctx.report.read += 1
    repo = repo or _repo_of_url(text_of(status.get("url")))
    state = text_of(status.get("state"))
    env = text_of(status.get("environment") or dep.get("environment"))
    ref = text_of(dep.get("ref")) or text_of(dep.get("sha"))[:7]
    desc = text_of(status.get("description"))
    text = f"Deployment {state}: {ref or 'deployment'} to {env or 'an environment'}{_in(repo)}"
    if desc and desc.strip().lower().rstrip(".") not in (f"deployment {state}", state):  # not said twice
        text += f" — {desc}"
    link = text_of(status.get("log_url") or status.get("target_url") or status.get("environment_url")
                   or status.get("url"))
    return ctx.entry(status.get("created_at"), where, text, f"deployment_status:{status.get('id')}",
                     EntryKind.DEPLOY, actor=text_of(dig(status, "creator", "login")), link=link,
                     extra={"state": state, "environment": env, "repository": repo,
                            "deployment_id": text_of(dep.get("id")) or _deployment_id(status)})


def _deployment_id(status: dict[str, Any]) -> str:
    m = re.search(r"/deployments/(\d+)", text_of(status.get("deployment_url")))
    return m.group(1) if m else ""


_ZERO = "0" * 40


def _push(doc: dict[str, Any], ctx: Context, repo: str, where: str = "push") -> Entry | None:
    ref = text_of(doc.get("ref"))
    branch = ref.removeprefix("refs/heads/").removeprefix("refs/tags/")
    what = f"tag {branch}" if ref.startswith("refs/tags/") else branch
    pusher = text_of(dig(doc, "pusher", "name") or dig(doc, "sender", "login"))
    commits = [c for c in as_list(doc.get("commits")) if isinstance(c, dict)]
    head = doc.get("head_commit") if isinstance(doc.get("head_commit"), dict) else None
    ctx.report.read += 1
    deleted = bool(doc.get("deleted")) or text_of(doc.get("after")) == _ZERO
    created = bool(doc.get("created")) or text_of(doc.get("before")) == _ZERO
    pushed_at = dig(doc, "repository", "pushed_at")
    commit_time = dig(head, "timestamp") if head else (commits[-1].get("timestamp") if commits else None)
    when = pushed_at if isinstance(pushed_at, int) else commit_time or pushed_at
    title = text_of(dig(head, "message")).splitlines()[0] if head and head.get("message") else ""
    if deleted:
        text = f"Deleted {what}{_in(repo)}"
    else:
        verb = "Force-pushed" if doc.get("forced") else "Pushed"
        count = doc.get("size") if isinstance(doc.get("size"), int) else len(commits)
        text = f"{verb} {count} commit{'s' if count != 1 else ''} to {'new ' if created else ''}{what}{_in(repo)}"
        if title:
            text += f", head: {title}"
    after = text_of(doc.get("after") or doc.get("head"))
    ident = f"push:{repo}:{ref}:{text_of(doc.get('before'))[:12]}..{after[:12]}"
    return ctx.entry(when, where, text, ident, EntryKind.DEPLOY, actor=pusher,
                     link=text_of(doc.get("compare")),
                     extra={"before": text_of(doc.get("before")), "after": after, "ref": ref,
                            "forced": bool(doc.get("forced")), "repository": repo,
                            "commit_time": text_of(commit_time)})


def _release(rel: dict[str, Any], ctx: Context, repo: str, action: str, where: str = "release") -> Entry | None:
    ctx.report.read += 1
    repo = repo or _repo_of_url(text_of(rel.get("url")))
    tag = text_of(rel.get("tag_name"))
    name = text_of(rel.get("name"))
    if not action:
        action = "drafted" if rel.get("draft") else "published"
    kind = "Pre-release" if rel.get("prerelease") else "Release"
    text = f"{kind} {tag}{' (' + name + ')' if name and name != tag else ''} {action}{_in(repo)}"
    when = rel.get("published_at") if action in ("published", "released", "prereleased") else None
    when = when or rel.get("published_at") or rel.get("created_at")
    return ctx.entry(when, where, text, f"release:{rel.get('id')}:{action}", EntryKind.DEPLOY,
                     actor=text_of(dig(rel, "author", "login")), link=text_of(rel.get("html_url")),
                     extra={"tag": tag, "repository": repo, "prerelease": bool(rel.get("prerelease"))})


def _workflow_run(run: dict[str, Any], ctx: Context, repo: str, where: str) -> Entry | None:
    ctx.report.read += 1
    repo = repo or text_of(dig(run, "repository", "full_name"))
    name = text_of(run.get("name") or run.get("display_title")) or "workflow"
    status = text_of(run.get("status"))
    conclusion = text_of(run.get("conclusion"))
    branch = text_of(run.get("head_branch"))
    number = run.get("run_number")
    if status == "completed":
        when, state = run.get("updated_at"), f"completed: {conclusion or 'unknown'}"
    else:
        when, state = run.get("run_started_at") or run.get("created_at"), status or "requested"
    text = f"Workflow {name}{' #' + str(number) if number else ''} {state}"
    if branch:
        text += f" on {branch}"
    text += _in(repo)
    title = text_of(run.get("display_title"))
    if title and title != name:
        text += f": {title}"
    return ctx.entry(when, where, text, f"workflow_run:{run.get('id')}:{status}:{run.get('run_attempt') or 1}",
                     EntryKind.DEPLOY, actor=text_of(dig(run, "triggering_actor", "login") or dig(run, "actor", "login")),
                     link=text_of(run.get("html_url")),
                     extra={"status": status, "conclusion": conclusion, "branch": branch, "repository": repo,
                            "sha": text_of(run.get("head_sha")), "event": text_of(run.get("event"))})


def _pull(pr: dict[str, Any], ctx: Context, repo: str, where: str) -> Entry | None:
    ctx.report.read += 1
    repo = repo or text_of(dig(pr, "base", "repo", "full_name"))
    if not pr.get("merged_at"):
        ctx.skip(where, "pull request not merged")
        return None
    text = (f"Pull request #{pr.get('number')} merged into {text_of(dig(pr, 'base', 'ref'))}{_in(repo)}: "
            f"{text_of(pr.get('title'))}")
    return ctx.entry(pr.get("merged_at"), where, text, f"pull:{repo}:{pr.get('number')}:merged", EntryKind.DEPLOY,
                     actor=text_of(dig(pr, "merged_by", "login") or dig(pr, "user", "login")),
                     link=text_of(pr.get("html_url")),
                     extra={"repository": repo, "sha": text_of(pr.get("merge_commit_sha")), "number": pr.get("number")})


def _commit(item: dict[str, Any], ctx: Context, where: str) -> Entry | None:
    """A commit from the REST commits list: ``{"sha", "commit": {"author", "committer", "message"}}``."""
    ctx.report.read += 1
    commit = obj(item.get("commit"))
    sha = text_of(item.get("sha"))
    subject = text_of(commit.get("message")).splitlines()[0] if commit.get("message") else ""
    when = dig(commit, "committer", "date") or dig(commit, "author", "date")
    actor = text_of(dig(item, "author", "login") or dig(commit, "author", "name"))
    return ctx.entry(when, where, f"Commit {sha[:9]}: {subject}", sha, EntryKind.DEPLOY, actor=actor,
                     link=text_of(item.get("html_url")),
                     extra={"sha": sha, "author_date": text_of(dig(commit, "author", "date")),
                            "repository": _repo_of_url(text_of(item.get("url")))})


def _event(item: dict[str, Any], ctx: Context, where: str) -> list[Entry | None]:
    """One entry of the repository events API (``{"type": "PushEvent", "payload", "created_at"}``)."""
    kind = text_of(item.get("type"))
    payload = obj(item.get("payload"))
    repo = text_of(dig(item, "repo", "name"))
    actor = text_of(dig(item, "actor", "login"))
    if kind == "PushEvent":
        doc = {**payload, "repository": {"full_name": repo, "pushed_at": item.get("created_at")},
               "pusher": {"name": actor}, "compare": ""}
        return [_push(doc, ctx, repo, where)]
    if kind == "ReleaseEvent" and isinstance(payload.get("release"), dict):
        return [_release(payload["release"], ctx, repo, text_of(payload.get("action")), where)]
    if kind == "DeploymentEvent" and isinstance(payload.get("deployment"), dict):
        return [_deployment(payload["deployment"], ctx, where, repo)]
    if kind == "DeploymentStatusEvent" and isinstance(payload.get("deployment_status"), dict):
        return [_status(payload["deployment_status"], obj(payload.get("deployment")), ctx, where, repo)]
    if kind == "PullRequestEvent" and payload.get("action") == "closed" and isinstance(payload.get("pull_request"), dict):
        return [_pull(payload["pull_request"], ctx, repo, where)]
    if kind == "CreateEvent" and payload.get("ref_type") == "tag":
        ctx.report.read += 1
        return [ctx.entry(item.get("created_at"), where, f"Tag {text_of(payload.get('ref'))} created{_in(repo)}",
                          f"event:{item.get('id')}", EntryKind.DEPLOY, actor=actor, extra={"repository": repo})]
    ctx.report.read += 1
    ctx.skip(where, f"GitHub {kind or 'event'} is not a deploy event")
    return []


def _list_item(item: dict[str, Any], ctx: Context, where: str) -> list[Entry | None]:
    if item.get("type", "").endswith("Event") and "payload" in item:
        return _event(item, ctx, where)
    if "state" in item and ("deployment_url" in item or "environment" in item or "target_url" in item):
        return [_status(item, {}, ctx, where, "")]
    if "tag_name" in item:
        return [_release(item, ctx, "", "", where)]
    if "workflow_id" in item or "run_number" in item:
        return [_workflow_run(item, ctx, "", where)]
    if isinstance(item.get("commit"), dict) and "sha" in item:
        return [_commit(item, ctx, where)]
    if "merged_at" in item and "number" in item:
        return [_pull(item, ctx, "", where)]
    if "environment" in item and ("sha" in item or "ref" in item) and "created_at" in item:
        return [_deployment(item, ctx, where, "")]
    ctx.report.read += 1
    what = text_of(item.get("event")) or ("issue" if "number" in item else "record")
    ctx.skip(where, f"GitHub {what} is not a deploy, release or push")
    return []


def _payload(doc: dict[str, Any], ctx: Context, where: str) -> list[Entry | None]:
    """One webhook payload (its kind told by its keys), or None when it is not one we read."""
    repo = _repo(doc)
    action = text_of(doc.get("action"))
    if isinstance(doc.get("deployment_status"), dict):
        return [_status(doc["deployment_status"], obj(doc.get("deployment")), ctx, where, repo)]
    if isinstance(doc.get("deployment"), dict):
        return [_deployment(doc["deployment"], ctx, where, repo)]
    if "pusher" in doc or ("commits" in doc and "ref" in doc and "before" in doc):
        return [_push(doc, ctx, repo, where)]
    if isinstance(doc.get("release"), dict):
        return [_release(doc["release"], ctx, repo, action, where)]
    if isinstance(doc.get("workflow_run"), dict):
        run = doc["workflow_run"]
        if not run.get("name") and dig(doc, "workflow", "name"):
            run = {**run, "name": dig(doc, "workflow", "name")}
        return [_workflow_run(run, ctx, repo, where)]
    if isinstance(doc.get("pull_request"), dict) and action == "closed":
        return [_pull(doc["pull_request"], ctx, repo, where)]
    for key in ("workflow_runs", "deployments", "statuses", "releases"):
        if isinstance(doc.get(key), list):
            return [e for i, x in enumerate(doc[key], 1) if isinstance(x, dict)
                    for e in _list_item(x, ctx, f"{where} {key} {i}".strip())]
    if "environment" in doc and "sha" in doc and "created_at" in doc:
        return [_deployment(doc, ctx, where, repo)]
    if "tag_name" in doc:
        return [_release(doc, ctx, repo, "", where)]
    event = next((key for key in ("issue", "comment", "pull_request", "check_run", "check_suite", "workflow_job")
                  if key in doc), "unknown")
    raise ctx.fail(where, f"GitHub '{event}' payloads are not timeline events (supported: deployment, "
                          "deployment_status, push, release, workflow_run, merged pull_request)")


def read(stream: IO[bytes], *, tz: tzinfo | None, name: str = "",
         report: ReadReport | None = None) -> Iterator[Entry]:
    ctx = Context(name, tz, report, NAME)
    doc = load_json(stream, ctx)
    if isinstance(doc, list) and doc and all(isinstance(d, list) for d in doc):
        doc = [x for page in doc for x in page]  # gh api --paginate: one array per page
    found: list[Entry | None] = []
    if isinstance(doc, list):
        for number, item in enumerate(doc, 1):
            where = f"record {number}"
            if not isinstance(item, dict):
                ctx.skip(where, "not an object")
                continue
            if isinstance(dig(item, "request", "payload"), dict):  # a webhook delivery record
                item = item["request"]["payload"]
            if any(k in item for k in ("pusher", "deployment", "deployment_status", "release", "workflow_run",
                                       "workflow_runs", "pull_request")) and "repository" in item:
                found += _payload(item, ctx, where)
            else:
                found += _list_item(item, ctx, where)
        if not any(found) and ctx.report.skipped:
            first = ctx.report.skips[0]
            raise ctx.fail(first.where, f"no deploys, releases or pushes here ({first.reason})")
    elif isinstance(doc, dict):
        if isinstance(dig(doc, "request", "payload"), dict):
            doc = doc["request"]["payload"]
        found += _payload(doc, ctx, "")
    else:
        raise ctx.fail("", "not a GitHub payload")
    yield from (e for e in found if e is not None)
