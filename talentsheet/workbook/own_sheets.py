"""Talentsheet's own sheets written straight to worksheet XML, fast.

An :class:`~talentsheet.workbook.changes.OwnSheet` (rows of values, light styles, links,
dropdowns, widths, frozen pane, autofilter, bar charts) becomes a worksheet part in one pass
over its rows; styles become cell formats appended to the workbook's own pool; a chart becomes
a drawing part and a DrawingML chart part (ECMA-376 Part 1, 21.2: a clustered bar chart with
one series, the elements in schema order).
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date, datetime
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from . import opc
from .changes import Area, BarChart, OwnSheet, Style, quote_sheet
from .package_io import Package
from .sheetxml import cell_xml, col_letter, normalise_value, parse_ref, xml_text
from .styles import FontChange, StylePool

__all__ = ["DATETIME_FORMAT", "DATE_FORMAT", "LINK_COLOR", "render_own_sheet", "xf_for"]

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
LINK_COLOR = "0563C1"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
EMU_PER_CM = 360_000


def xf_for(pool: StylePool, style: Style, base: int = 0) -> int:
    """The cell format for a :class:`Style`, derived from ``base`` (the workbook's Normal)."""
    if style == Style():
        return base
    font = None
    if style.bold or style.italic or style.size or style.font_color or style.link:
        font = FontChange(
            bold=True if style.bold else None,
            italic=True if style.italic else None,
            underline=True if style.link else None,
            color=LINK_COLOR if style.link else style.font_color,
            size=style.size,
        )
    return pool.derive(
        base,
        fill=style.fill,
        font=font,
        number_format=style.number_format,
        wrap=True if style.wrap else None,
        vertical=style.vertical,
    )


class _Styler:
    """Which format each cell gets: the styles covering it, laid over each other in order."""

    def __init__(self, own: OwnSheet, pool: StylePool) -> None:
        self.pool = pool
        self.by_row: dict[int, list[tuple[int, int, Style]]] = defaultdict(list)
        self.whole: list[tuple[Area, Style]] = []
        for s in own.styles:
            a = s.area
            if a.last_row - a.first_row > 2000:
                self.whole.append((a, s.style))
                continue
            for r in range(a.first_row, a.last_row + 1):
                self.by_row[r].append((a.first_col, a.last_col, s.style))
        self.memo: dict[Style, int] = {}
        self.col_memo: dict[tuple, dict[int, Style] | None] = {}
        self.date_styles: dict[tuple[Style | None, str], int] = {}

    def columns(self, styles: list[tuple[int, int, Style]]) -> dict[int, Style] | None:
        """Column -> style for one row's style ranges (rows share them: computed once); None
        for ranges too wide to list."""
        key = tuple((a, b, id(st)) for a, b, st in styles)
        if key not in self.col_memo:
            found: dict[int, Style] | None = {}
            for first, last, st in styles:
                if last - first > 256:
                    found = None
                    break
                for c in range(first, last + 1):
                    found[c] = st if c not in found else found[c].merged(st)
            self.col_memo[key] = found
        return self.col_memo[key]

    def row_styles(self, r: int) -> list[tuple[int, int, Style]]:
        if not self.whole:
            return self.by_row.get(r, [])
        found = [(a.first_col, a.last_col, st) for a, st in self.whole if a.first_row <= r <= a.last_row]
        return found + self.by_row.get(r, []) if found else self.by_row.get(r, [])

    def xf(self, style: Style | None, value: Any) -> int:
        if isinstance(value, (date, datetime)) and (style is None or style.number_format is None):
            fmt = DATETIME_FORMAT if isinstance(value, datetime) and value.time() != datetime.min.time() else DATE_FORMAT
            key = (style, fmt)
            if key not in self.date_styles:
                self.date_styles[key] = self.xf((style or Style()).merged(Style(number_format=fmt)), None)
            return self.date_styles[key]
        if style is None:
            return 0
        if style not in self.memo:
            self.memo[style] = xf_for(self.pool, style)
        return self.memo[style]


def _style_at(styles: list[tuple[int, int, Style]], c: int) -> Style | None:
    found = None
    for first, last, st in styles:
        if first <= c <= last:
            found = st if found is None else found.merged(st)
    return found


def render_own_sheet(pkg: Package, part: str, own: OwnSheet, pool: StylePool, *, date1904: bool = False) -> bytes:
    """The worksheet XML of ``own`` for part ``part``; its drawing, charts and relationships
    are added to the package."""
    styler = _Styler(own, pool)
    links = {(lk.row, lk.col): lk for lk in own.links}
    link_style = styler.xf(Style(link=True), None) if links else 0
    rows_xml, max_row, max_col = _rows(own, styler, links, link_style, date1904)
    parts = [
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">',
        f'<dimension ref="{Area(1, 1, max(max_row, 1), max(max_col, 1)).ref}"/>',
        _views(own),
        '<sheetFormatPr defaultRowHeight="15"/>',
        _cols(own.widths),
        "<sheetData>",
    ]
    head = "".join(parts).encode()
    tail = []
    if own.autofilter is not None:
        tail.append(f'<autoFilter ref="{own.autofilter.ref}"/>')
    tail.append(_validations(own))
    tail.append(_hyperlinks(pkg, part, links))
    tail.append('<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>')
    if own.landscape:
        tail.append('<pageSetup orientation="landscape"/>')
    if own.charts:
        rid = _write_charts(pkg, part, own.charts, own.name)
        tail.append(f'<drawing r:id="{rid}"/>')
    tail.append("</worksheet>")
    return head + rows_xml + b"</sheetData>" + "".join(tail).encode()


def _rows(own: OwnSheet, styler: _Styler, links: dict, link_style: int, date1904: bool) -> tuple[bytes, int, int]:
    """Every row's XML. A row without styles or links takes a fast path, and plain text and
    whole numbers skip the general encoder (an own sheet can hold hundreds of thousands of
    lines)."""
    out: list[str] = []
    max_col = 0
    heights = own.heights
    link_cols: dict[int, set[int]] = defaultdict(set)
    for r, c in links:
        link_cols[r].add(c)
    n = len(own.rows)
    last_styled = max([*styler.by_row, *(a.last_row for a, _ in styler.whole)], default=0)
    letters = [col_letter(c) for c in range(1, max([len(r) for r in own.rows[:1]] + [64]) + 1)]
    for r in range(1, max(n, last_styled) + 1):
        values = own.rows[r - 1] if r <= n else ()
        styles = styler.row_styles(r)
        linked = link_cols.get(r)
        width = len(values)
        if len(letters) < width:
            letters += [col_letter(c) for c in range(len(letters) + 1, width + 1)]
        cells: list[str] = []
        col_styles = styler.columns(styles) if styles else None
        if col_styles is not None and (not col_styles or max(col_styles) <= width):
            for c in range(width):
                style = col_styles.get(c + 1)
                if style is not None:
                    v = normalise_value(values[c])
                    cells.append(cell_xml(f"{letters[c]}{r}", v, styler.xf(style, v), date1904=date1904).decode())
                    continue
                v = values[c]
                kind = type(v)
                if linked and c + 1 in linked:
                    v = normalise_value(v)
                    if v is not None:
                        cells.append(cell_xml(f"{letters[c]}{r}", v, link_style, date1904=date1904).decode())
                elif kind is str:
                    if v:
                        cells.append(_text_cell(letters[c], r, v))
                elif kind is int:
                    cells.append(f'<c r="{letters[c]}{r}"><v>{v}</v></c>')
                elif v is not None:
                    v = normalise_value(v)
                    if v is not None:
                        cells.append(cell_xml(f"{letters[c]}{r}", v, styler.xf(None, v), date1904=date1904).decode())
            if cells:
                max_col = max(max_col, width)
        elif not styles:
            for c in range(width):
                v = values[c]
                kind = type(v)
                if linked and c + 1 in linked:
                    v = normalise_value(v)
                    if v is not None:
                        cells.append(cell_xml(f"{letters[c]}{r}", v, link_style, date1904=date1904).decode())
                elif kind is str:
                    if v:
                        body = xml_text(v)
                        if body[:1].isspace() or body[-1:].isspace() or "\n" in body:
                            cells.append(f'<c r="{letters[c]}{r}" t="inlineStr"><is><t xml:space="preserve">{body}</t></is></c>')
                        else:
                            cells.append(f'<c r="{letters[c]}{r}" t="inlineStr"><is><t>{body}</t></is></c>')
                elif kind is int:
                    cells.append(f'<c r="{letters[c]}{r}"><v>{v}</v></c>')
                elif v is not None:
                    v = normalise_value(v)
                    if v is not None:
                        cells.append(cell_xml(f"{letters[c]}{r}", v, styler.xf(None, v), date1904=date1904).decode())
            if cells:
                max_col = max(max_col, width)
        else:
            last_style_col = max((last for _, last, _ in styles), default=0)
            for c in range(1, max(width, last_style_col) + 1):
                v = normalise_value(values[c - 1]) if c <= width else None
                style = _style_at(styles, c) if styles else None
                if v is None and style is None:
                    continue
                xf = link_style if style is None and linked and c in linked else styler.xf(style, v)
                cells.append(cell_xml(f"{col_letter(c)}{r}", v, xf, date1904=date1904).decode())
                max_col = max(max_col, c)
        if not cells and r not in heights:
            continue
        ht = f' ht="{heights[r]}" customHeight="1"' if r in heights else ""
        out.append(f'<row r="{r}"{ht}>{"".join(cells)}</row>')
    return "".join(out).encode(), max(n, last_styled), max_col


def _text_cell(letter: str, row: int, text: str) -> str:
    body = xml_text(text)
    space = ' xml:space="preserve"' if body[:1].isspace() or body[-1:].isspace() or "\n" in body else ""
    return f'<c r="{letter}{row}" t="inlineStr"><is><t{space}>{body}</t></is></c>'


def _views(own: OwnSheet) -> str:
    zoom = f' zoomScale="{own.zoom}" zoomScaleNormal="{own.zoom}"' if own.zoom else ""
    if not own.freeze:
        return f'<sheetViews><sheetView workbookViewId="0"{zoom}/></sheetViews>'
    row, col = parse_ref(own.freeze)
    xs, ys = col - 1, row - 1
    if xs and ys:
        pane_name = "bottomRight"
    elif ys:
        pane_name = "bottomLeft"
    else:
        pane_name = "topRight"
    split = (f' xSplit="{xs}"' if xs else "") + (f' ySplit="{ys}"' if ys else "")
    pane = f'<pane{split} topLeftCell="{own.freeze}" activePane="{pane_name}" state="frozen"/>'
    sel = f'<selection pane="{pane_name}" activeCell="{own.freeze}" sqref="{own.freeze}"/>'
    return f'<sheetViews><sheetView workbookViewId="0"{zoom}>{pane}{sel}</sheetView></sheetViews>'


def _cols(widths: dict[int, float]) -> str:
    if not widths:
        return ""
    cols = "".join(f'<col min="{c}" max="{c}" width="{w:g}" customWidth="1"/>' for c, w in sorted(widths.items()))
    return f"<cols>{cols}</cols>"


def _validations(own: OwnSheet) -> str:
    if not own.dropdowns:
        return ""
    items = []
    for d in own.dropdowns:
        listed = '"' + ",".join(c.replace('"', '""') for c in d.choices) + '"'
        items.append(
            f'<dataValidation type="list" allowBlank="1" showErrorMessage="{int(d.strict)}" sqref="{d.area.ref}">'
            f"<formula1>{escape(listed)}</formula1></dataValidation>"
        )
    return f'<dataValidations count="{len(items)}">{"".join(items)}</dataValidations>'


def _hyperlinks(pkg: Package, part: str, links: dict) -> str:
    if not links:
        return ""
    return "<hyperlinks>" + "".join(hyperlink_items(pkg, part, links)) + "</hyperlinks>"


def hyperlink_items(pkg: Package, part: str, links: dict) -> list[str]:
    """``<hyperlink>`` elements for links by (row, col); web addresses get a relationship
    (all added in one edit of the sheet's relationships)."""
    ordered = sorted(links.items())
    web = [lk.url for _, lk in ordered if lk.url]
    rids = iter(opc.add_rels(pkg, part, [(opc.REL["hyperlink"], url, True) for url in web]))
    items = []
    sheets: dict[str | None, str] = {}  # a sheet's quoted name, escaped once
    for (r, c), lk in ordered:
        ref = f"{col_letter(c)}{r}"
        tip = f" tooltip={quoteattr(lk.tooltip)}" if lk.tooltip else ""
        if lk.url:
            items.append(f'<hyperlink ref="{ref}" r:id="{next(rids)}"{tip}/>')
        elif lk.sheet:
            if lk.sheet not in sheets:
                sheets[lk.sheet] = escape(quote_sheet(lk.sheet), {'"': "&quot;"})
            items.append(f'<hyperlink ref="{ref}" location="{sheets[lk.sheet]}!{escape(lk.cell)}"{tip}/>')
        else:
            items.append(f"<hyperlink ref={quoteattr(ref)} location={quoteattr(lk.location)}{tip}/>")
    return items


# --- charts -------------------------------------------------------------------------------


def _free_part(pkg: Package, pattern: str) -> tuple[str, int]:
    taken = {n.lower() for n in pkg.names()}
    n = 1
    while pattern.format(n).lower() in taken:
        n += 1
    return pattern.format(n), n


_C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_XDR = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def _write_charts(pkg: Package, sheet_part: str, charts: list[BarChart], sheet: str) -> str:
    """A drawing part holding the charts; returns the sheet's relationship id to it."""
    drawing_part, _ = _free_part(pkg, "xl/drawings/drawing{}.xml")
    pkg.write(drawing_part, b"")  # reserve the name
    anchors = []
    targets = []
    for n, spec in enumerate(charts, start=1):
        chart_part, _ = _free_part(pkg, "xl/charts/chart{}.xml")
        pkg.write(chart_part, bar_chart_xml(spec, sheet).encode())
        opc.add_override(pkg, chart_part, opc.CT["chart"])
        targets.append((opc.REL["chart"], chart_part, False))
        anchors.append(_chart_anchor(spec, n))
    rids = opc.add_rels(pkg, drawing_part, targets)
    body = "".join(a.replace("{rid}", rid) for a, rid in zip(anchors, rids, strict=True))
    xml = f'{_DECL}<xdr:wsDr xmlns:xdr="{_XDR}" xmlns:a="{_A}" xmlns:c="{_C}" xmlns:r="{REL_NS}">{body}</xdr:wsDr>'
    pkg.write(drawing_part, xml.encode())
    opc.add_override(pkg, drawing_part, opc.CT["drawing"])
    return opc.add_rel(pkg, sheet_part, opc.REL["drawing"], drawing_part)


def _chart_anchor(spec: BarChart, n: int) -> str:
    """A chart placed with its top-left corner on a cell, sized in centimetres."""
    row, col = parse_ref(spec.anchor)
    cx, cy = round(spec.width_cm * EMU_PER_CM), round(spec.height_cm * EMU_PER_CM)
    return (
        f"<xdr:oneCellAnchor><xdr:from><xdr:col>{col - 1}</xdr:col><xdr:colOff>0</xdr:colOff>"
        f'<xdr:row>{row - 1}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:ext cx="{cx}" cy="{cy}"/>'
        f'<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="{n + 1}" name="Chart {n}"/><xdr:cNvGraphicFramePr/>'
        f'</xdr:nvGraphicFramePr><xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm><a:graphic>'
        f'<a:graphicData uri="{_C}"><c:chart r:id="{{rid}}"/></a:graphicData></a:graphic></xdr:graphicFrame>'
        "<xdr:clientData/></xdr:oneCellAnchor>"
    )


def bar_chart_xml(spec: BarChart, sheet: str) -> str:
    """A clustered horizontal bar chart (DrawingML chart part): one series, no legend."""
    series_name = escape(_range(sheet, Area.cell(spec.values.first_row, spec.values.first_col)))
    values = escape(
        _range(sheet, Area(spec.values.first_row + 1, spec.values.first_col, spec.values.last_row, spec.values.last_col))
    )
    categories = escape(_range(sheet, spec.categories))
    orientation = "maxMin" if spec.biggest_on_top else "minMax"
    title = (
        f"<c:title><c:tx><c:rich><a:bodyPr/><a:p><a:pPr><a:defRPr/></a:pPr><a:r><a:t>{escape(spec.title)}</a:t></a:r></a:p>"
        f'</c:rich></c:tx><c:overlay val="0"/></c:title><c:autoTitleDeleted val="0"/>'
    )
    return (
        f'{_DECL}<c:chartSpace xmlns:c="{_C}" xmlns:a="{_A}" xmlns:r="{REL_NS}"><c:style val="10"/><c:chart>{title}'
        '<c:plotArea><c:layout/><c:barChart><c:barDir val="bar"/><c:grouping val="clustered"/><c:varyColors val="0"/>'
        f'<c:ser><c:idx val="0"/><c:order val="0"/><c:tx><c:strRef><c:f>{series_name}</c:f></c:strRef></c:tx>'
        f"<c:cat><c:strRef><c:f>{categories}</c:f></c:strRef></c:cat><c:val><c:numRef><c:f>{values}</c:f></c:numRef></c:val></c:ser>"
        '<c:gapWidth val="150"/><c:axId val="10"/><c:axId val="100"/></c:barChart>'
        f'<c:catAx><c:axId val="10"/><c:scaling><c:orientation val="{orientation}"/></c:scaling><c:delete val="0"/>'
        '<c:axPos val="l"/><c:numFmt formatCode="General" sourceLinked="1"/><c:majorTickMark val="none"/><c:minorTickMark val="none"/>'
        '<c:tickLblPos val="nextTo"/><c:crossAx val="100"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/>'
        '<c:lblOffset val="100"/><c:tickLblSkip val="1"/><c:noMultiLvlLbl val="0"/></c:catAx>'
        '<c:valAx><c:axId val="100"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="b"/>'
        '<c:numFmt formatCode="General" sourceLinked="1"/><c:majorTickMark val="none"/><c:minorTickMark val="none"/>'
        '<c:tickLblPos val="nextTo"/><c:crossAx val="10"/><c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx>'
        '</c:plotArea><c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart></c:chartSpace>'
    )


def _range(sheet: str, area: Area) -> str:
    from .changes import quote_sheet

    return f"{quote_sheet(sheet)}!{_absolute(area.ref)}"


def _absolute(ref: str) -> str:
    return re.sub(r"([A-Z]+)(\d+)", r"$\1$\2", ref)
