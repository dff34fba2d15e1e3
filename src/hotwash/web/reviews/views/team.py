"""Team pages: survey results over time (retrospectives are in ``retro.py``)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hotwash.core.survey import MIN_RESPONSES, QUESTIONS
from hotwash.web.reviews.selectors.surveys import survey_teams, team_trend


@login_required
def survey_trends(request: HttpRequest) -> HttpResponse:
    teams = survey_teams()
    team = request.GET.get("team", "") or (teams[0] if teams else "")
    months = team_trend(team) if team else {}
    rows = [(month, summary) for month, summary in months.items()]
    return render(request, "reviews/trends.html", {"teams": teams, "team": team, "rows": rows,
                                                   "questions": QUESTIONS, "min_responses": MIN_RESPONSES,
                                                   "nav": "reviews"})
