"""The Word side of the national e-dossier package (services/package.py): the .docx template
built in code and each part rendered into it with docxtpl."""

import io

from .package_parts import Part


def docx_template() -> bytes:
    """The Word template every part fills (docxtpl tags), built with python-docx: letterhead,
    type and summary, paragraphs, a three-column table."""
    from docx import Document as Docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    doc = Docx()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    header = doc.add_table(rows=1, cols=2)
    left, right = header.rows[0].cells
    left.text = "{{ parent }}\n{{ issuer }}\n{{ number }}"
    right.text = (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "{{ place }}, ngày {{ day }} tháng {{ month }} năm {{ year }}"
    )
    for text in ("{{ doc_type|upper }}", "{{ summary }}"):
        paragraph = doc.add_paragraph(text)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph("{%p for text in paragraphs %}")
    doc.add_paragraph("{{ text }}")
    doc.add_paragraph("{%p endfor %}")
    table = doc.add_table(rows=3, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(
        table.rows[0].cells, ("STT", "{{ h0 }}", "{{ h1 }}", "{{ h2 }}"), strict=True
    ):
        cell.text = text
    table.rows[1].cells[0].text = "{%tr for row in rows %}"
    for cell, text in zip(
        table.rows[2].cells,
        ("{{ loop.index }}", "{{ row[0] }}", "{{ row[1] }}", "{{ row[2] }}"),
        strict=True,
    ):
        cell.text = text
    end = table.add_row()
    end.cells[0].text = "{%tr endfor %}"
    doc.add_paragraph("{{ signer }}")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def render_docx(part: Part, template: bytes) -> bytes:
    from docxtpl import DocxTemplate

    letterhead = part.issuer.letterhead(part.dated)
    docx = DocxTemplate(io.BytesIO(template))
    headers = part.headers
    docx.render(
        {
            "parent": letterhead.parent.upper(),
            "issuer": letterhead.issuer.upper(),
            "number": part.number or "Số:      /",
            "place": letterhead.place,
            "day": f"{part.dated:%d}",
            "month": f"{part.dated:%m}",
            "year": f"{part.dated:%Y}",
            "doc_type": part.doc_type,
            "summary": part.summary,
            "paragraphs": part.paragraphs,
            "h0": headers[0],
            "h1": headers[1],
            "h2": headers[2],
            "rows": part.rows,
            "signer": part.signer.title if part.signer else "",
        }
    )
    out = io.BytesIO()
    docx.save(out)
    return out.getvalue()
