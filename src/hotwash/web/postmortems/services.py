"""Writes for postmortems: sections (with conflict detection and history), participants, status."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from hotwash.core.errors import Conflict, ValidationError
from hotwash.core.model import PostmortemStatus
from hotwash.core.validate import check_text
from hotwash.web.followthrough.services import followups_schedule
from hotwash.web.incidents.models import Incident
from hotwash.web.postmortems.models import (
    SECTIONS,
    Amendment,
    LintWaiver,
    Participant,
    Postmortem,
    SectionRevision,
)
from hotwash.web.types import Actor


def _actor(user: Actor) -> Actor:
    return user if user is not None and user.is_authenticated else None


def postmortem_start(*, incident: Incident) -> Postmortem:
    postmortem, _ = Postmortem.objects.get_or_create(incident=incident)
    return postmortem


def ensure_editable(postmortem: Postmortem) -> None:
    if postmortem.status == PostmortemStatus.PUBLISHED.value:
        raise ValidationError("this postmortem is published and read-only; record an amendment to change it",
                              field="status")


@transaction.atomic
def postmortem_section_update(*, postmortem: Postmortem, section: str, text: str, base_version: int,
                              user: Actor, force: bool = False,
                              note: str = "") -> Postmortem:
    """Save one section. Refuses with :class:`Conflict` when it changed since ``base_version``.

    ``force`` is the user's explicit choice to replace the other version after seeing it; ``note``
    is kept with the revision (e.g. that it resolved a conflict).
    """
    if section not in SECTIONS:
        raise ValidationError(f"unknown section {section!r} (one of {', '.join(SECTIONS)})", field="section")
    text = check_text(text.replace("\r\n", "\n"), field=section)
    locked = Postmortem.objects.select_for_update().get(pk=postmortem.pk)
    ensure_editable(locked)
    current = locked.section_version(section)
    current_text = getattr(locked, section)
    if current_text == text:
        return locked  # nothing changed; not a conflict either
    if base_version != current and not force:
        last = locked.revisions.filter(section=section).select_related("author").first()
        raise Conflict(
            f"{SECTIONS[section]} was changed by {last.author if last and last.author else 'someone'} "
            "after you started editing", field=section, current=current_text, current_version=current)
    version = current + 1
    setattr(locked, section, text)
    locked.section_versions = {**locked.section_versions, section: version}
    locked.save(update_fields=[section, "section_versions", "updated_at"])
    SectionRevision.objects.create(postmortem=locked, section=section, version=version, text=text,
                                   author=_actor(user),
                                   note=(note or ("replaced a concurrent edit" if force and base_version != current
                                                  else ""))[:200])
    return locked


@transaction.atomic
def postmortem_facilitator_set(*, postmortem: Postmortem, facilitator: Actor) -> Postmortem:
    ensure_editable(postmortem)
    postmortem.facilitator = facilitator
    postmortem.save(update_fields=["facilitator", "updated_at"])
    return postmortem


ALLOWED_TRANSITIONS = {
    PostmortemStatus.DRAFT.value: {PostmortemStatus.IN_REVIEW.value},
    PostmortemStatus.IN_REVIEW.value: {PostmortemStatus.DRAFT.value, PostmortemStatus.PUBLISHED.value},
    PostmortemStatus.PUBLISHED.value: set(),
}


@transaction.atomic
def postmortem_status_set(*, postmortem: Postmortem, status: str, user: Actor) -> Postmortem:
    locked = Postmortem.objects.select_for_update().get(pk=postmortem.pk)
    if status not in ALLOWED_TRANSITIONS:
        raise ValidationError(f"unknown status {status!r}", field="status")
    if status == locked.status:
        return locked
    if status not in ALLOWED_TRANSITIONS[locked.status]:
        raise ValidationError(f"a postmortem cannot go from {locked.status} to {status}", field="status")
    if status == PostmortemStatus.PUBLISHED.value:
        from hotwash.web.postmortems.quality import review_check

        blocking = review_check(locked).blocking
        if blocking:
            listed = "; ".join(p.message for p in blocking[:6])
            more = f" (and {len(blocking) - 6} more)" if len(blocking) > 6 else ""
            raise ValidationError(f"not ready to publish: {listed}{more}", field="status")
    locked.status = status
    if status == PostmortemStatus.PUBLISHED.value:
        locked.published_at = timezone.now()
        followups_schedule(postmortem=locked, published_on=timezone.localdate(locked.published_at))
    locked.save(update_fields=["status", "published_at", "updated_at"])
    if status == PostmortemStatus.PUBLISHED.value:
        from hotwash.web.library.services import library_postmortem_published  # the library indexes it

        library_postmortem_published(postmortem=locked)
    return locked


@transaction.atomic
def lint_waiver_add(*, postmortem: Postmortem, location: str, code: str, span: str, sentence: str, reason: str,
                    user: Actor) -> LintWaiver:
    """Keep a blocking language finding on purpose; the reason is recorded and shown."""
    reason = check_text(reason, field="reason", max_length=500, required=True).strip()
    if len(reason) < 10:
        raise ValidationError("say why in a few words (at least 10 characters)", field="reason")
    return LintWaiver.objects.create(postmortem=postmortem, location=location[:60], code=code[:10],
                                     span=span[:300], sentence=sentence, reason=reason, author=_actor(user))


@transaction.atomic
def postmortem_amend(*, postmortem: Postmortem, section: str, text: str, reason: str, user: Actor) -> Postmortem:
    """Change a section of a published postmortem through a recorded amendment."""
    if section not in SECTIONS:
        raise ValidationError(f"unknown section {section!r}", field="section")
    reason = check_text(reason, field="reason", max_length=500, required=True).strip()
    text = check_text(text.replace("\r\n", "\n"), field=section)
    locked = Postmortem.objects.select_for_update().get(pk=postmortem.pk)
    if locked.status != PostmortemStatus.PUBLISHED.value:
        raise ValidationError("only a published postmortem is amended; edit the draft directly", field="status")
    before = getattr(locked, section)
    if before == text:
        raise ValidationError("the amendment changes nothing", field=section)
    version = locked.section_version(section) + 1
    setattr(locked, section, text)
    locked.section_versions = {**locked.section_versions, section: version}
    locked.save(update_fields=[section, "section_versions", "updated_at"])
    SectionRevision.objects.create(postmortem=locked, section=section, version=version, text=text,
                                   author=_actor(user), note=f"amendment: {reason}"[:200])
    Amendment.objects.create(postmortem=locked, section=section, reason=reason, before=before, after=text,
                             author=_actor(user))
    from hotwash.web.library.services import incident_index  # keep the library's copy current

    incident_index(incident=locked.incident)
    return locked


@transaction.atomic
def participant_add(*, postmortem: Postmortem, name: str, role: str = "", involved: bool = True,
                    user: Actor = None, consent_to_name: bool = False) -> Participant:
    ensure_editable(postmortem)
    name = check_text(name, field="name", max_length=100, required=True).strip()
    role = check_text(role, field="role", max_length=100).strip()
    if postmortem.participants.filter(name__iexact=name).exists():
        raise ValidationError(f"{name} is already a participant", field="name")
    return Participant.objects.create(postmortem=postmortem, name=name, role=role, involved=involved,
                                      user=user, consent_to_name=consent_to_name)


@transaction.atomic
def participant_update(*, participant: Participant, involved: bool | None = None, role: str | None = None,
                       consent_to_name: bool | None = None) -> Participant:
    ensure_editable(participant.postmortem)
    if involved is not None:
        participant.involved = involved
    if role is not None:
        participant.role = check_text(role, field="role", max_length=100).strip()
    if consent_to_name is not None:
        participant.consent_to_name = consent_to_name
    participant.save()
    return participant


@transaction.atomic
def participant_remove(*, participant: Participant) -> None:
    ensure_editable(participant.postmortem)
    participant.delete()
