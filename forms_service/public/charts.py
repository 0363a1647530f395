"""The charts of the public pages, drawn from the same bodies as the tables."""

from __future__ import annotations

from markupsafe import Markup

from analytics import format_percent, label
from forms_service.charts import Bar, interval_bars
from forms_service.i18n import translate
from forms_service.public.schemas import PublicAgencyOut, PublicRankingsOut

__all__ = ["agency_charts", "ranking_charts"]


def agency_charts(body: PublicAgencyOut) -> dict[str, Markup]:
    lang = body.locale
    few = translate(lang, "fewer than {n} answers", n=body.min_answers)
    bars = [
        Bar(row.name, None, text="—", status="suppressed", status_text=few) if row.suppressed
        else Bar(row.name, row.rate, row.ci_low, row.ci_high,
                 text=f"{row.rate_text} ({row.ci_text})", status=row.verdict or "neutral",
                 status_text=row.verdict_text or "")
        for row in body.satisfaction
    ]
    threshold = format_percent(body.threshold, lang, digits=0)
    out = {"satisfaction": interval_bars(
        bars, chart_id="public-satisfaction",
        title=translate(lang, "Satisfaction by service"),
        description=translate(lang, "Share of satisfied answers per service with its 95% "
                              "interval; the dashed line is the {threshold} threshold.",
                              threshold=threshold),
        threshold=body.threshold,
        threshold_text=translate(lang, "threshold {value}", value=threshold), locale=lang,
    )}
    few_dossiers = translate(lang, "fewer than {n} dossiers", n=body.min_answers)
    online = [
        Bar(row.period, None, text="—", status="suppressed", status_text=few_dossiers)
        if row.suppressed else
        Bar(row.period, row.online_share, row.online_ci_low, row.online_ci_high,
            text=f"{row.online_share_text} ({row.online_ci_text})",
            status="meets_target" if row.meets_target else "misses_target",
            status_text=label("meets_target" if row.meets_target else "misses_target", lang))
        for row in body.online_rate
    ]
    target = format_percent(body.target, lang, digits=0)
    out["online"] = interval_bars(
        online, chart_id="public-online",
        title=translate(lang, "Dossiers submitted online, by quarter"),
        description=translate(lang, "Share of dossiers submitted online per quarter with its "
                              "95% interval; the dashed line is the {target} target.",
                              target=target),
        threshold=body.target, threshold_text=translate(lang, "target {value}", value=target),
        locale=lang,
    )
    return out


def ranking_charts(body: PublicRankingsOut) -> dict[str, Markup]:
    lang = body.locale
    word = label("grade", lang)
    out = {}
    for block in body.blocks:
        bars = [Bar(f"{word} {g.grade}", g.share,
                    text=f"{g.count}/{block.count} ("
                    f"{format_percent(g.share or 0.0, lang, digits=0)})")
                for g in block.distribution]
        out[block.kind] = interval_bars(
            bars, chart_id=f"grades-{block.kind}",
            title=translate(lang, "Grade distribution: {title}", title=block.title),
            description="; ".join(block.distribution_lines), locale=lang,
        )
    return out
