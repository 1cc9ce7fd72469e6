"""The Word reference document: the one file that gives every export its look.

Exports open ``resources/reference.docx`` and keep its styles, numbering
definitions, page set-up, header and footer; its body is replaced.  An
organisation restyles its exports by editing that file in Word (keep the style
names below and the ``{...}`` placeholders in the header).

Placeholders, replaced in header and footer text at export:
``{title}`` the form's title for the year, ``{country}``, ``{year}``,
``{form_id}``, ``{version}`` and ``{notice}`` ("Review copy – not for
submission" in a review copy; a paragraph left empty by it is removed).

Regenerate the committed file with ``python -m replydesk.documents.word.reference``.
The generator writes fixed XML with fixed zip timestamps, so the output is
byte-for-byte reproducible.
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

from replydesk import paths

#: Paragraph, character and table styles the exporter uses, by their names in Word.
REQUIRED_STYLES = (
    "Normal", "Title", "Country", "Form Text", "Heading 1", "Heading 2", "Heading 3", "Prompt", "Answer",
    "Review Status", "List Bullet", "List Number", "Recommendation", "Table Text", "Table Heading", "Hyperlink",
    "Table Grid", "Recommendation Box",
)
#: ``w:name`` of the abstract numbering definitions lists use.
BULLETS_NAME = "ReplyDesk Bullets"
NUMBERS_NAME = "ReplyDesk Numbers"

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_W = f'xmlns:w="{W_NS}" xmlns:r="{R_NS}"'
_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

# A4 with 2.5 cm margins; text width 9072 twips (16 cm).
PAGE_WIDTH, PAGE_HEIGHT, MARGIN = 11906, 16838, 1417
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN
FONT = "Arial"
ACCENT = "1F3864"  # headings: dark navy
MUTED = "595959"  # header, footer, review status


def reference_path() -> Path:
    return paths.resources_dir() / "reference.docx"


# -- parts -------------------------------------------------------------------------
CONTENT_TYPES = _DECL + (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    '<Override PartName="/word/numbering.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>'
    '<Override PartName="/word/settings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>'
    '<Override PartName="/word/header1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>'
    '<Override PartName="/word/footer1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>'
    '<Override PartName="/docProps/core.xml" '
    'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    '<Override PartName="/docProps/app.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
    "</Types>"
)

PACKAGE_RELS = _DECL + (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
    'core-properties" Target="docProps/core.xml"/>'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)

DOCUMENT_RELS = _DECL + (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
    'Target="styles.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" '
    'Target="numbering.xml"/>'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" '
    'Target="settings.xml"/>'
    '<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" '
    'Target="header1.xml"/>'
    '<Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" '
    'Target="footer1.xml"/>'
    "</Relationships>"
)

CORE = _DECL + (
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    "<dc:title>Reply Desk reference document</dc:title>"
    "<dc:creator>Reply Desk</dc:creator>"
    '<dcterms:created xsi:type="dcterms:W3CDTF">2024-01-01T00:00:00Z</dcterms:created>'
    '<dcterms:modified xsi:type="dcterms:W3CDTF">2024-01-01T00:00:00Z</dcterms:modified>'
    "</cp:coreProperties>"
)

APP = _DECL + (
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>Reply Desk</Application></Properties>"
)

SETTINGS = _DECL + (
    f"<w:settings {_W}>"
    '<w:zoom w:percent="100"/>'
    '<w:defaultTabStop w:val="709"/>'
    '<w:characterSpacingControl w:val="doNotCompress"/>'
    '<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" '
    'w:val="15"/></w:compat>'
    "</w:settings>"
)


def _rpr(size: float | None = None, *, bold: bool = False, italic: bool = False, color: str | None = None,
         caps: bool = False, underline: bool = False) -> str:
    parts = []
    if bold:
        parts.append("<w:b/><w:bCs/>")
    if italic:
        parts.append("<w:i/><w:iCs/>")
    if caps:
        parts.append("<w:caps/>")
    if color:
        parts.append(f'<w:color w:val="{color}"/>')
    if size:
        half_points = round(size * 2)
        parts.append(f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>')
    if underline:
        parts.append('<w:u w:val="single"/>')
    return f"<w:rPr>{''.join(parts)}</w:rPr>" if parts else ""


def _style(style_id: str, name: str, *, kind: str = "paragraph", based_on: str | None = "Normal",
           next_style: str | None = None, ppr: str = "", rpr: str = "", extra: str = "", default: bool = False,
           ui_priority: int | None = None) -> str:
    attrs = ' w:default="1"' if default else ""
    body = f'<w:name w:val="{name}"/>'
    if based_on:
        body += f'<w:basedOn w:val="{based_on}"/>'
    if next_style:
        body += f'<w:next w:val="{next_style}"/>'
    if ui_priority is not None:
        body += f'<w:uiPriority w:val="{ui_priority}"/>'
    body += "<w:qFormat/>" if kind == "paragraph" else ""
    if ppr:
        body += f"<w:pPr>{ppr}</w:pPr>"
    body += rpr + extra
    return f'<w:style w:type="{kind}"{attrs} w:styleId="{style_id}">{body}</w:style>'


def _spacing(before: int = 0, after: int = 120, line: int | None = None) -> str:
    line_attr = f' w:line="{line}" w:lineRule="auto"' if line else ""
    return f'<w:spacing w:before="{before}" w:after="{after}"{line_attr}/>'


def _heading(level: int, size: float, before: int, after: int, *, italic: bool = False) -> str:
    return _style(
        f"Heading{level}", f"heading {level}", next_style="Normal", ui_priority=9,
        ppr=f"<w:keepNext/><w:keepLines/>{_spacing(before, after)}<w:outlineLvl w:val=\"{level - 1}\"/>",
        rpr=_rpr(size, bold=True, italic=italic, color=ACCENT),
    )


_BORDER = '<w:{side} w:val="single" w:sz="4" w:space="0" w:color="{color}"/>'


def _borders(color: str, sides: tuple[str, ...] = ("top", "left", "bottom", "right", "insideH", "insideV")) -> str:
    return "".join(_BORDER.format(side=side, color=color) for side in sides)


STYLES = _DECL + (
    f"<w:styles {_W}>"
    "<w:docDefaults>"
    f'<w:rPrDefault><w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>'
    '<w:sz w:val="21"/><w:szCs w:val="21"/><w:lang w:val="en-GB" w:eastAsia="en-GB" w:bidi="ar-SA"/>'
    "</w:rPr></w:rPrDefault>"
    f"<w:pPrDefault><w:pPr>{_spacing(0, 120, 264)}</w:pPr></w:pPrDefault>"
    "</w:docDefaults>"
    + _style("Normal", "Normal", based_on=None, default=True, ui_priority=0)
    + _style("DefaultParagraphFont", "Default Paragraph Font", kind="character", based_on=None, default=True,
             ui_priority=1)
    + '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
      '<w:uiPriority w:val="99"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar>'
      '<w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>'
      '<w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>'
    + '<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/>'
      '<w:uiPriority w:val="99"/></w:style>'
    + _style("Title", "Title", next_style="Country", ui_priority=10,
             ppr=f'<w:keepNext/>{_spacing(120, 120)}<w:jc w:val="center"/>',
             rpr=_rpr(14, bold=True, color=ACCENT))
    + _style("Country", "Country", next_style="Normal",
             ppr=f'<w:keepNext/>{_spacing(0, 360)}<w:jc w:val="center"/>',
             rpr=_rpr(13, bold=True, caps=True))
    + _heading(1, 13, 360, 120)
    + _heading(2, 11.5, 240, 100)
    + _heading(3, 10.5, 200, 80, italic=True)
    + _style("FormText", "Form Text", ppr=f"<w:keepNext/>{_spacing(160, 120)}")
    + _style("Prompt", "Prompt", next_style="Answer",
             ppr=f"<w:keepNext/>{_spacing(200, 80)}", rpr=_rpr(bold=True))
    + _style("Answer", "Answer", next_style="Answer")
    + _style("ReviewStatus", "Review Status", next_style="Answer",
             ppr=f"<w:keepNext/>{_spacing(0, 60)}", rpr=_rpr(8.5, italic=True, color=MUTED))
    + _style("ListBullet", "List Bullet", ppr=f"{_spacing(0, 60)}<w:contextualSpacing/>")
    + _style("ListNumber", "List Number", ppr=f"{_spacing(0, 60)}<w:contextualSpacing/>")
    + _style("Recommendation", "Recommendation", ppr=_spacing(40, 60))
    + _style("TableText", "Table Text", ppr=_spacing(20, 20, 240), rpr=_rpr(9.5))
    + _style("TableHeading", "Table Heading", based_on="TableText", ppr="<w:keepNext/>", rpr=_rpr(bold=True))
    + _style("Header", "header", ppr=f"{_spacing(0, 0, 240)}", rpr=_rpr(8, color=MUTED))
    + _style("Footer", "footer", ppr=f'{_spacing(0, 0, 240)}<w:jc w:val="center"/>', rpr=_rpr(8, color=MUTED))
    + _style("ReviewNotice", "Review Notice", based_on="Header", ppr=f"{_spacing(0, 40, 240)}",
             rpr=_rpr(9, bold=True, caps=True, color="C00000"))
    + _style("CommentText", "annotation text", rpr=_rpr(10))
    + _style("CommentReference", "annotation reference", kind="character", based_on="DefaultParagraphFont",
             rpr=_rpr(8))
    + _style("Hyperlink", "Hyperlink", kind="character", based_on="DefaultParagraphFont", ui_priority=99,
             rpr=_rpr(color="0563C1", underline=True))
    + '<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/>'
      f'<w:uiPriority w:val="39"/><w:tblPr><w:tblBorders>{_borders("8C8C8C")}</w:tblBorders>'
      '<w:tblCellMar><w:top w:w="40" w:type="dxa"/><w:left w:w="100" w:type="dxa"/>'
      '<w:bottom w:w="40" w:type="dxa"/><w:right w:w="100" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>'
    + '<w:style w:type="table" w:styleId="RecommendationBox"><w:name w:val="Recommendation Box"/>'
      '<w:basedOn w:val="TableNormal"/><w:tblPr>'
      f'<w:tblBorders>{_borders("A6B4C8", ("top", "left", "bottom", "right"))}</w:tblBorders>'
      '<w:tblCellMar><w:top w:w="100" w:type="dxa"/><w:left w:w="160" w:type="dxa"/>'
      '<w:bottom w:w="60" w:type="dxa"/><w:right w:w="160" w:type="dxa"/></w:tblCellMar></w:tblPr>'
      '<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="EEF2F7"/></w:tcPr></w:style>'
    + "</w:styles>"
)


def _levels(kind: str) -> str:
    bullets = ["\u2022", "\u2013", "\u25aa"]
    numbers = [("decimal", "."), ("lowerLetter", ")"), ("lowerRoman", ".")]
    out = []
    for level in range(9):
        if kind == "bullet":
            fmt, text = "bullet", bullets[level % 3]
            rpr = f'<w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:hint="default"/></w:rPr>'
        else:
            fmt, suffix = numbers[level % 3]
            text, rpr = f"%{level + 1}{suffix}", ""
        out.append(
            f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{360 * (level + 1)}" w:hanging="360"/></w:pPr>{rpr}</w:lvl>'
        )
    return "".join(out)


NUMBERING = _DECL + (
    f"<w:numbering {_W}>"
    f'<w:abstractNum w:abstractNumId="1"><w:nsid w:val="5D1A0001"/><w:multiLevelType w:val="hybridMultilevel"/>'
    f'<w:name w:val="{BULLETS_NAME}"/>{_levels("bullet")}</w:abstractNum>'
    f'<w:abstractNum w:abstractNumId="2"><w:nsid w:val="5D1A0002"/><w:multiLevelType w:val="hybridMultilevel"/>'
    f'<w:name w:val="{NUMBERS_NAME}"/>{_levels("number")}</w:abstractNum>'
    '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>'
    '<w:num w:numId="2"><w:abstractNumId w:val="2"/></w:num>'
    "</w:numbering>"
)


def _field(instruction: str, cached: str) -> str:
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r><w:t>{cached}</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


HEADER = _DECL + (
    f"<w:hdr {_W}>"
    '<w:p><w:pPr><w:pStyle w:val="ReviewNotice"/></w:pPr><w:r><w:t>{notice}</w:t></w:r></w:p>'
    '<w:p><w:pPr><w:pStyle w:val="Header"/></w:pPr><w:r><w:t>{title}</w:t></w:r></w:p>'
    '<w:p><w:pPr><w:pStyle w:val="Header"/><w:pBdr><w:bottom w:val="single" w:sz="4" w:space="4" '
    'w:color="A6A6A6"/></w:pBdr></w:pPr>'
    '<w:r><w:t xml:space="preserve">{country} · {year}</w:t></w:r></w:p>'
    "</w:hdr>"
)

FOOTER = _DECL + (
    f"<w:ftr {_W}>"
    '<w:p><w:pPr><w:pStyle w:val="Footer"/></w:pPr>'
    '<w:r><w:t xml:space="preserve">Page </w:t></w:r>' + _field("PAGE", "1")
    + '<w:r><w:t xml:space="preserve"> of </w:t></w:r>' + _field("NUMPAGES", "1")
    + "</w:p></w:ftr>"
)

_SAMPLE = [
    ("Title", "Reply Desk reference document"),
    ("Country", "Country"),
    ("Normal", "Word exports take their styles, page set-up, header and footer from this file; this text is "
               "never exported. Edit the styles (Home ▸ Styles ▸ Modify) and the header and footer to restyle "
               "every export. Keep the style names and the placeholders {title}, {country}, {year} and {notice}."),
    ("Heading1", "Heading 1: Policy Target No. 1, chapters"),
    ("FormText", "Form Text: a target's text, an Operational Goal, an area's introduction"),
    ("Heading2", "Heading 2: recommendations"),
    ("Prompt", "Prompt: A) Please report on implementation of any measures"),
    ("Answer", "Answer: the reply's own text."),
    ("ReviewStatus", "Review Status: shown under each prompt in review copies"),
]

DOCUMENT = _DECL + (
    f"<w:document {_W}><w:body>"
    + "".join(f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>'
              for style, text in _SAMPLE)
    + '<w:p><w:pPr><w:pStyle w:val="ListBullet"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>'
      "<w:r><w:t>List Bullet</w:t></w:r></w:p>"
    + '<w:p><w:pPr><w:pStyle w:val="ListNumber"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="2"/></w:numPr></w:pPr>'
      "<w:r><w:t>List Number</w:t></w:r></w:p>"
    + "<w:sectPr>"
      '<w:headerReference w:type="default" r:id="rId4"/><w:footerReference w:type="default" r:id="rId5"/>'
      f'<w:pgSz w:w="{PAGE_WIDTH}" w:h="{PAGE_HEIGHT}"/>'
      f'<w:pgMar w:top="{MARGIN}" w:right="{MARGIN}" w:bottom="{MARGIN}" w:left="{MARGIN}" w:header="567" '
      'w:footer="709" w:gutter="0"/><w:cols w:space="708"/></w:sectPr>'
    + "</w:body></w:document>"
)

PARTS = {
    "[Content_Types].xml": CONTENT_TYPES,
    "_rels/.rels": PACKAGE_RELS,
    "docProps/core.xml": CORE,
    "docProps/app.xml": APP,
    "word/document.xml": DOCUMENT,
    "word/_rels/document.xml.rels": DOCUMENT_RELS,
    "word/styles.xml": STYLES,
    "word/numbering.xml": NUMBERING,
    "word/settings.xml": SETTINGS,
    "word/header1.xml": HEADER,
    "word/footer1.xml": FOOTER,
}


def write_reference(target: Path) -> Path:
    """Write the reference document; the same bytes every time."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in PARTS.items():
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"))
    return target


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    target = Path(args[0]) if args else reference_path()
    write_reference(target)
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
