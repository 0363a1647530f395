"""Writing SVG elements: escaped text, rounded coordinates, the labelled root."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from markupsafe import Markup, escape

__all__ = ["clip", "element", "fmt", "root", "safe_id", "text"]

_ID = re.compile(r"[^A-Za-z0-9_-]+")
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif"


def fmt(value: float) -> str:
    """A coordinate with at most two decimals and no trailing zeros (deterministic)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _attrs(attrs: dict[str, Any]) -> str:
    parts = []
    for name, value in attrs.items():
        if value is None or value is False:
            continue
        if isinstance(value, float):
            value = fmt(value)
        parts.append(f' {name.rstrip("_").replace("_", "-")}="{escape(str(value))}"')
    return "".join(parts)


def element(tag: str, children: Iterable[str] = (), /, **attrs: Any) -> str:
    """``<tag attrs>children</tag>``; attribute values are escaped, children are markup."""
    body = "".join(children)
    if not body:
        return f"<{tag}{_attrs(attrs)}/>"
    return f"<{tag}{_attrs(attrs)}>{body}</{tag}>"


def text(content: str, /, **attrs: Any) -> str:
    """A ``<text>`` element; ``content`` is escaped."""
    return f"<text{_attrs(attrs)}>{escape(content)}</text>"


def clip(label: str, width: float, font_size: float) -> str:
    """``label`` cut with an ellipsis to fit about ``width`` units at ``font_size``.

    An estimate (0.56 em per character), not a measurement: the full text is
    always in the table beside the chart and in the mark's tooltip.
    """
    limit = max(4, int(width / (font_size * 0.56)))
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def safe_id(value: str) -> str:
    cleaned = _ID.sub("-", value).strip("-")
    return cleaned if cleaned and cleaned[0].isalpha() else f"chart-{cleaned or 'x'}"


def root(chart_id: str, width: float, height: float, title: str, description: str,
         body: Iterable[str], *, kind: str) -> Markup:
    """The ``<svg role="img">`` element labelled by its title and description."""
    ident = safe_id(chart_id)
    labelled = f"{ident}-title {ident}-desc" if description else f"{ident}-title"
    head = [element("title", [str(escape(title))], id=f"{ident}-title")]
    if description:
        head.append(element("desc", [str(escape(description))], id=f"{ident}-desc"))
    return Markup(element(
        "svg", [*head, *body],
        xmlns="http://www.w3.org/2000/svg", viewBox=f"0 0 {fmt(width)} {fmt(height)}",
        width="100%", role="img", aria_labelledby=labelled, id=ident,
        class_=f"chart chart-{kind}", font_family=FONT,
        preserveAspectRatio="xMinYMin meet",
    ))
