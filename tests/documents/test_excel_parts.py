"""Hand-built .xlsx parts in the shape Excel and WPS write (openpyxl never writes these)."""

from __future__ import annotations

import io
import zipfile

import pytest

from app.documents.tables import ParsedTable, read_table
from tests.documents.helpers import HEADERS

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRICT = "http://purl.oclc.org/ooxml/spreadsheetml/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
CONTENT_TYPES = (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{_TYPE}.sheet.main+xml"/>'
    f'<Override PartName="/xl/worksheets/data.xml" ContentType="{_TYPE}.worksheet+xml"/>'
    f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_TYPE}.sharedStrings+xml"/>'
    f'<Override PartName="/xl/styles.xml" ContentType="{_TYPE}.styles+xml"/></Types>'
)


def excel_file(cells: str, *, ns: str = MAIN, merges: str = "", date1904: bool = False) -> bytes:
    """Zip a one-sheet workbook with shared strings, a date style and the given row XML."""
    workbook = (
        f'<workbook xmlns="{ns}" xmlns:r="{REL}"><workbookPr date1904="{int(date1904)}"/>'
        '<sheets><sheet name="报名表" sheetId="1" r:id="rId7"/></sheets></workbook>'
    )
    rels = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId7" Type="worksheet" Target="worksheets/data.xml"/></Relationships>'
    )
    strings = (
        f'<sst xmlns="{ns}"><si><t>姓名</t></si><si><t>身份证号</t></si><si><t>手机号</t></si>'
        "<si><t>组别</t></si><si><t>出生日期</t></si><si><t>工作单位</t></si>"
        "<si><r><t>张</t></r><r><rPr><b/></rPr><t>三</t></r>"
        '<rPh sb="0" eb="1"><t>ZHANG</t></rPh></si>'
        '<si><t>120101199001011234</t></si><si><t xml:space="preserve"> 职工组 </t></si>'
        "<si><t>天津重工 &amp; 机械</t></si></sst>"
    )
    styles = (
        f'<styleSheet xmlns="{ns}"><numFmts count="1">'
        '<numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>'
        '</numFmts><fonts count="1"><font/></fonts>'
        '<fills count="1"><fill><patternFill/></fill></fills><borders count="1"><border/></borders>'
        '<cellStyleXfs count="1"><xf/></cellStyleXfs>'
        '<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="176"/>'
        '<xf numFmtId="31"/><xf numFmtId="49"/></cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    )
    sheet = (
        f'<worksheet xmlns="{ns}"><dimension ref="A1:F1048576"/><sheetData>'
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
        '<c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c>'
        f'<c r="F1" t="s"><v>5</v></c></row>{cells}</sheetData>{merges}</worksheet>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("xl/workbook.xml", workbook)
        archive.writestr("xl/_rels/workbook.xml.rels", rels)
        archive.writestr("xl/sharedStrings.xml", strings)
        archive.writestr("xl/styles.xml", styles)
        archive.writestr("xl/worksheets/data.xml", sheet)
    return buffer.getvalue()


ROW = (
    '<row r="3"><c r="A3" t="s"><v>6</v></c><c r="B3" t="s"><v>7</v></c>'
    '<c r="C3"><v>13800138000</v></c><c r="D3" t="s"><v>8</v></c>'
    '<c r="E3" s="{style}"><v>{serial}</v></c><c r="F3" t="s"><v>9</v></c></row>'
)
EXPECTED = {
    "name": "张三",
    "id_number": "120101199001011234",
    "phone": "13800138000",
    "group": "职工组",
    "birth_date": "1990-01-01",
    "employer": "天津重工 & 机械",
}


def _read(data: bytes) -> ParsedTable:
    return read_table(data, "x.xlsx", expected_headers=HEADERS, max_rows=10, max_bytes=1 << 20)


@pytest.mark.parametrize(
    ("style", "serial", "ns", "date1904"),
    [
        (1, 32874, MAIN, False),  # custom 年月日 format
        (2, 32874, MAIN, False),  # Chinese locale built-in date format 31
        (1, 31412, MAIN, True),  # 1904 date system (old Mac files)
        (1, 32874, STRICT, False),  # ISO strict namespace
    ],
)
def test_shared_strings_rich_text_and_date_styles(
    style: int, serial: int, ns: str, date1904: bool
) -> None:
    table = _read(excel_file(ROW.format(style=style, serial=serial), ns=ns, date1904=date1904))

    assert table.ok, table.errors
    assert [(row.row_number, row.values) for row in table.rows] == [(3, EXPECTED)]


def test_a_false_million_row_dimension_is_ignored_and_merges_found() -> None:
    merges = '<mergeCells count="1"><mergeCell ref="A3:B3"/></mergeCells>'
    table = _read(excel_file(ROW.format(style=1, serial=32874), merges=merges))

    assert [(e.code, e.row, e.params) for e in table.errors] == [
        ("sheet.merged_cells", 3, {"range": "A3:B3"})
    ]


def test_shared_formula_children_are_formulas_too() -> None:
    cells = (
        '<row r="2"><c r="A2" t="s"><v>6</v></c><c r="B2" t="s"><v>7</v></c>'
        '<c r="C2"><f t="shared" ref="C2:C3" si="0">1+1</f><v>2</v></c></row>'
        '<row r="3"><c r="A3" t="s"><v>6</v></c><c r="B3" t="s"><v>7</v></c>'
        '<c r="C3"><f t="shared" si="0"/><v>2</v></c></row>'
    )
    table = _read(excel_file(cells))

    assert [(e.code, e.params["cell"]) for e in table.errors] == [
        ("sheet.formula", "C2"),
        ("sheet.formula", "C3"),
    ]
