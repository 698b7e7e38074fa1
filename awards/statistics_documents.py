"""The statistics PDF (issue 13 §5): a province's award figures of a year with the same charts as
the page, issued by the province's emulation board. Registered from AwardsConfig.ready() (the
reports engine's kinds, reports/kinds.py)."""

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from blocs.access import get_province_for_user
from blocs.models import Province
from blocs.years import YearField
from reports.kinds import Document, DocumentKind, register
from reports.letterheads import board_issuer, board_signer

from . import charts
from .access import can_manage_awards
from .services import statistics, statistics_scores


def statistics_subject(user: Any, pk: int, params: Mapping[str, int]) -> Province:
    province = get_province_for_user(user, pk)
    if not can_manage_awards(user, province.pk):
        raise PermissionDenied
    return province


def build_statistics(province: Province, params: Mapping[str, int]) -> Document:
    year = params["year"]
    stats = statistics.province_statistics(province, year)
    names = province.in_year(year)
    return Document(
        letterhead=board_issuer(province, year).letterhead(datetime.date.today()),
        doc_type="Báo cáo",
        summary=f"Thống kê khen thưởng các khối, cụm thi đua năm {year}",
        title=f"Thống kê khen thưởng năm {year} - {names.name}",
        body={
            "year": year,
            "columns": [c.label for c in stats.columns],
            "blocs": [{"name": r.name, "counts": r.counts, "total": r.total} for r in stats.blocs],
            "totals": stats.totals,
            "total": stats.total,
            "nominations": [
                {
                    "label": n.label,
                    "nominated": n.nominated,
                    "decided": n.decided,
                    "rejected": n.rejected,
                    "pending": n.pending,
                }
                for n in stats.nominations
            ],
            "charts": [
                charts.for_pdf(chart)
                for chart in (
                    statistics.by_bloc_chart(stats),
                    statistics.bloc_scores_chart(
                        year, statistics_scores.bloc_scores(province, year)
                    ),
                    statistics.nominations_chart(stats),
                    statistics.years_chart(stats),
                )
            ],
        },
        signer=board_signer(province, year),
        recipients=(f"Thường trực Hội đồng Thi đua - Khen thưởng {names.kind_word}", "Lưu: VT"),
    )


def package_part_subject(user: Any, pk: int, params: Mapping[str, int]) -> Any:
    """The national package's documents are built by the worker only (services/package.py);
    through the reports pages nobody gets them."""
    from django.http import Http404

    raise Http404


def build_package_part(subject: Any, params: Mapping[str, int]) -> Document:
    raise NotImplementedError("built by services/package.py")


def register_kinds() -> None:
    from .models import Nomination

    register(
        DocumentKind(
            key="award_package_part",
            label=_("National e-dossier document"),
            template="awards/documents/package_part.html",
            get_subject=package_part_subject,
            build=build_package_part,
            province_of=lambda nomination: nomination.bloc_year.bloc.province_id,
            load=lambda pk: Nomination.objects.select_related("bloc_year__bloc").get(pk=pk),
        )
    )
    register(
        DocumentKind(
            key="award_statistics",
            label=_("Award statistics"),
            template="awards/documents/statistics.html",
            get_subject=statistics_subject,
            build=build_statistics,
            province_of=lambda province: province.pk,
            load=lambda pk: Province.objects.get(pk=pk),
            params={"year": YearField()},
        )
    )
