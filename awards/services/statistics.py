"""Award statistics (issue 13 §5): a province's awards of a year by type and bloc, its
nominations against decisions, the awards of the last ten years; the same figures as SVG charts
(awards/charts.py), in a PDF and in an .xlsx export. The year-end scores: statistics_scores.py.

Every read runs a fixed number of queries whatever the number of agencies, blocs and years:
counts are grouped by the database.
"""

import io
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count
from django.utils.translation import gettext as _

from blocs.models import Bloc, Membership, Province
from core.numbers import decimal_number
from core.ordering import vn_sort_key

from .. import charts
from ..models import AwardRecord, AwardType, Nomination, NominationStatus
from .statistics_scores import BlocScore, TrendPoint

YEARS_SHOWN = 10
S = NominationStatus
PENDING = (S.SUBMITTED, S.UNDER_REVIEW, S.RETURNED, S.SENT_TO_COUNCIL)


@dataclass
class Column:
    key: str  # the award type's id, or "other"
    label: str


@dataclass
class BlocRow:
    name: str
    counts: list[int]

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass
class NominationRow:
    label: str
    nominated: int = 0
    decided: int = 0
    rejected: int = 0
    pending: int = 0


@dataclass
class ProvinceStatistics:
    province: Province
    year: int
    columns: list[Column]
    blocs: list[BlocRow]
    nominations: list[NominationRow]
    years: list[int]
    per_year: list[BlocRow]  # one row per column (award), one count per year
    totals: list[int] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.totals)


def province_statistics(province: Province, year: int) -> ProvinceStatistics:
    """Six queries whatever the province's size."""
    types = list(AwardType.objects.filter(province=province).order_by("position", "pk"))
    columns = [Column(str(t.pk), t.label) for t in types]
    other = Column("other", _("Other awards"))
    # An award outside the province's types: entered by name, or of a province merged into
    # this one (its types stay with it: awards.mergers).
    own = {c.key for c in columns}

    def column_of(award_type_id: int | None) -> str:
        return key if (key := str(award_type_id)) in own else "other"

    blocs = {b.pk: b for b in Bloc.objects.filter(province=province)}
    bloc_of = dict(
        Membership.objects.filter(bloc_year__bloc__province=province, bloc_year__year=year)
        .order_by()
        .values_list("agency_id", "bloc_year__bloc_id")
        .distinct()
    )
    counts: dict[int | None, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    records = (
        AwardRecord.objects.filter(province=province, year=year)
        .order_by()
        .values_list("agency_id", "award_type_id")
    )
    for agency_id, award_type_id in records:
        counts[bloc_of.get(agency_id)][column_of(award_type_id)] += 1
    has_other = any(row.get("other") for row in counts.values())
    shown = [*columns, other] if has_other else columns
    rows = [
        BlocRow(blocs[bloc_id].name_in(year), [counts[bloc_id][c.key] for c in shown])
        for bloc_id in blocs
        if bloc_id in counts or bloc_id in set(bloc_of.values())
    ]
    rows.sort(key=lambda row: vn_sort_key(row.name))
    if None in counts:
        rows.append(BlocRow(_("Outside the blocs"), [counts[None][c.key] for c in shown]))
    totals = [sum(row.counts[i] for row in rows) for i in range(len(shown))]

    by_status: dict[int | None, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    grouped = (
        Nomination.objects.filter(province=province, year=year)
        .exclude(status__in=[S.DRAFT, S.REFUSED_BY_BALLOT])
        .order_by()
        .values_list("award_type_id", "status")
        .annotate(n=Count("pk"))
    )
    own_types = {award.pk for award in types}
    for award_type_id, status, n in grouped:
        # A nomination for a merged province's award (its types stay with it): another award.
        by_status[award_type_id if award_type_id in own_types else None][status] += n
    rows_of = [(award.label, by_status.get(award.pk, {})) for award in types]
    if None in by_status:
        rows_of.append((str(other.label), by_status[None]))
    nominations = [
        NominationRow(
            label=label,
            nominated=sum(found.values()),
            decided=found.get(S.DECIDED, 0),
            rejected=found.get(S.REJECTED, 0),
            pending=sum(found.get(s, 0) for s in PENDING),
        )
        for label, found in rows_of
    ]

    years = list(range(year - YEARS_SHOWN + 1, year + 1))
    per_year_counts: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    history = (
        AwardRecord.objects.filter(province=province, year__in=years)
        .order_by()
        .values_list("award_type_id", "year")
        .annotate(n=Count("pk"))
    )
    for award_type_id, record_year, n in history:
        per_year_counts[column_of(award_type_id)][record_year] += n
    history_columns = [*columns, other] if per_year_counts.get("other") else columns
    per_year = [
        BlocRow(c.label, [per_year_counts[c.key][y] for y in years]) for c in history_columns
    ]
    return ProvinceStatistics(
        province=province,
        year=year,
        columns=shown,
        blocs=rows,
        nominations=nominations,
        years=years,
        per_year=per_year,
        totals=totals,
    )


# --- Charts -----------------------------------------------------------------------------------


def _number(value: float) -> str:
    return decimal_number(Decimal(str(value)).normalize())


def by_bloc_chart(stats: ProvinceStatistics) -> Any:
    chart = charts.stacked_bar(
        title=_("Awards of %(year)s by bloc") % {"year": stats.year},
        x_label_rotation=30,
        value_formatter=_number,
        no_data_text=_("No awards"),
    )
    chart.x_labels = [row.name for row in stats.blocs]
    for index, column in enumerate(stats.columns):
        chart.add(column.label, [row.counts[index] or None for row in stats.blocs])
    return chart


def nominations_chart(stats: ProvinceStatistics) -> Any:
    chart = charts.bar(
        title=_("Nominations and decisions, %(year)s") % {"year": stats.year},
        value_formatter=_number,
        no_data_text=_("No nominations"),
    )
    chart.x_labels = [row.label for row in stats.nominations]
    chart.add(_("Nominated"), [row.nominated for row in stats.nominations])
    chart.add(_("Decided"), [row.decided for row in stats.nominations])
    chart.add(_("Rejected"), [row.rejected for row in stats.nominations])
    return chart


def years_chart(stats: ProvinceStatistics) -> Any:
    chart = charts.stacked_bar(
        title=_("Awards by year of the achievement"),
        value_formatter=_number,
        no_data_text=_("No awards"),
    )
    chart.x_labels = [str(y) for y in stats.years]
    for row in stats.per_year:
        chart.add(row.name, [n or None for n in row.counts])
    return chart


def bloc_scores_chart(year: int, rows: list[BlocScore]) -> Any:
    chart = charts.bar(
        title=_("Year-end scores of the blocs, %(year)s") % {"year": year},
        value_formatter=_number,
        x_label_rotation=30,
        no_data_text=_("No year-end ranking"),
    )
    chart.x_labels = [row.name for row in rows]
    chart.add(_("Average"), [float(row.average) for row in rows])
    chart.add(_("Best"), [float(row.best) for row in rows])
    chart.add(_("Lowest"), [float(row.lowest) for row in rows])
    return chart


def trend_chart(agency_name: str, points: list[TrendPoint]) -> Any:
    chart = charts.line(
        title=_("Year-end score of %(agency)s") % {"agency": agency_name},
        value_formatter=_number,
        no_data_text=_("No year-end ranking"),
        show_legend=False,
        dots_size=4,
    )
    chart.x_labels = [str(p.year) for p in points]
    chart.add(_("Total"), [float(p.total) if p.total is not None else None for p in points])
    return chart


# --- The .xlsx export -------------------------------------------------------------------------


def workbook(stats: ProvinceStatistics) -> bytes:
    """Three sheets of plain values (text cells, no formulas: core/excel/write.py)."""
    from openpyxl import Workbook

    from core.excel.write import append_row

    book = Workbook()
    for default in list(book.worksheets):
        book.remove(default)
    sheet = book.create_sheet(_("By bloc")[:31])
    append_row(sheet, [_("Bloc"), *(c.label for c in stats.columns), _("Total")])
    for row in stats.blocs:
        append_row(sheet, [row.name, *row.counts, row.total])
    append_row(sheet, [_("Total"), *stats.totals, stats.total])

    sheet = book.create_sheet(_("Nominations")[:31])
    append_row(sheet, [_("Award"), _("Nominated"), _("Decided"), _("Rejected"), _("Pending")])
    for line in stats.nominations:
        append_row(sheet, [line.label, line.nominated, line.decided, line.rejected, line.pending])

    sheet = book.create_sheet(_("By year")[:31])
    append_row(sheet, [_("Award"), *(str(y) for y in stats.years)])
    for row in stats.per_year:
        append_row(sheet, [row.name, *row.counts])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
