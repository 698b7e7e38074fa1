"""How fast an Excel bomb is refused (issue 10, security 1), and what the guard costs a real file.

    python bench/excel_bomb.py            the refusals, and a list of 2,000 rows read
    python bench/excel_bomb.py --before   also what openpyxl alone does with the bomb (about
                                          30 s and 700 MB: the cost the guard spares a worker)

Every file goes through core.excel.read.read_upload, as an upload does (no database needed):
the issue's bomb (its sheet in a part named sheet1.bin, one merge over A3:Z100000), the same
merge in a UTF-16 sheet, a hyperlink over that range, a dimension over the whole grid, 600 parts,
and a 2 MB part of zeros. Median and slowest of several runs after one to warm up, and how much
the process grew (peak resident memory) over all of them.
"""

import io
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 7
TARGET_SECONDS = 0.1  # "well under a second"
HEADER = ["Tên đơn vị", "Tên viết tắt", "Loại"]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux


def timed(action: Callable[[], object]) -> list[float]:
    action()
    samples = []
    for _ in range(RUNS):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return samples


def files() -> dict[str, bytes]:
    from tests.workbooks import excel_bomb, hidden_sheet, repack, xlsx

    plain = xlsx([["Sở Tư pháp", "STP", ""]], header=HEADER, name="x.xlsx").read()
    merge = b'<mergeCells count="1"><mergeCell ref="A3:Z100000"/></mergeCells>'

    def whole_grid(name: str, data: bytes) -> tuple[str, bytes]:
        return name, data.replace(b'<dimension ref="A1:C2"', b'<dimension ref="A1:XFD1048576"')

    return {
        "the issue's bomb": excel_bomb(plain),
        "merge, UTF-16 sheet": hidden_sheet(plain, merge, encode="utf-16"),
        "hyperlink range": hidden_sheet(
            plain, b'<hyperlinks><hyperlink ref="A3:Z100000" display="x"/></hyperlinks>'
        ),
        "whole-grid dimension": repack(plain, whole_grid),
        "600 parts": repack(plain, add={f"customXml/i{n}.xml": b"<a/>" for n in range(600)}),
        "2 MB of zeros": repack(plain, add={"xl/media/image1.png": bytes(2 * 1024 * 1024)}),
    }


def refuse(content: bytes) -> None:
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    from blocs.imports.agencies import SPEC
    from core.excel.read import read_upload

    try:
        read_upload(SimpleUploadedFile("bom.xlsx", content), SPEC)
    except ValidationError as error:
        code = error.code
    else:
        raise AssertionError("the file was accepted")
    assert code == "too_big", code


def real_list() -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for n in range(2000):
        sheet.append([f"Đơn vị hành chính sự nghiệp số {n}", f"ĐV{n}", "Sở, ban, ngành"])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def main() -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    from synthetic import setup_django

    setup_django()
    import zipfile

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import translation

    from blocs.imports.agencies import SPEC
    from core.excel.archive import check_archive
    from core.excel.read import read_upload

    translation.activate("vi")
    print(f"median and slowest of {RUNS} runs after one to warm up; target < {TARGET_SECONDS} s")
    print(f"  {'file':<24} {'size':>8} {'median ms':>10} {'slowest ms':>11}")
    start_mb = peak_mb()
    slow = []
    for label, content in files().items():
        samples = timed(lambda content=content: refuse(content))
        median, slowest = statistics.median(samples), max(samples)
        print(f"  {label:<24} {len(content):>7}B {median * 1000:>10.1f} {slowest * 1000:>11.1f}")
        if median >= TARGET_SECONDS:
            slow.append(label)
    print(f"  peak memory grew by {peak_mb() - start_mb:.1f} MB over all refusals")
    print("  target met" if not slow else f"  TARGET MISSED: {', '.join(slow)}")

    content = real_list()

    def guard() -> None:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            check_archive(archive)

    guarded = statistics.median(timed(guard))
    whole = statistics.median(
        timed(lambda: read_upload(SimpleUploadedFile("x.xlsx", content), SPEC))
    )
    print(
        f"  a real list of 2,000 rows ({len(content) // 1024} KB): the guard "
        f"{guarded * 1000:.1f} ms of {whole * 1000:.0f} ms for the whole read"
    )

    if "--before" in sys.argv:
        import openpyxl

        bomb = files()["the issue's bomb"]
        before_mb = peak_mb()
        started = time.perf_counter()
        openpyxl.load_workbook(io.BytesIO(bomb))
        seconds = time.perf_counter() - started
        print(
            f"  without the guard, openpyxl alone on the bomb: {seconds:.1f} s, "
            f"peak memory +{peak_mb() - before_mb:.0f} MB"
        )


if __name__ == "__main__":
    main()
