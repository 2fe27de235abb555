"""Building the files an import must refuse, byte by byte where no library writes them."""

from __future__ import annotations

import io
import struct
import zipfile

from openpyxl import Workbook

SECTOR = 512
END_OF_CHAIN, FAT_SECTOR, FREE, NO_STREAM = 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF, 0xFFFFFFFF


def _entry(name: str, kind: int, child=NO_STREAM, right=NO_STREAM, start=END_OF_CHAIN, size=0) -> bytes:
    encoded = (name + "\0").encode("utf-16-le") if name else b""
    return (
        encoded.ljust(64, b"\0")
        + struct.pack("<HBB", len(encoded), kind, 1)  # black node
        + struct.pack("<III", NO_STREAM, right, child)
        + bytes(16 + 4 + 16)  # class id, state bits, times
        + struct.pack("<IQ", start, size)
    )


def ole_container(streams: dict[str, bytes]) -> bytes:
    """A compound file (version 3) holding these streams, each padded to at least 4096 bytes (the
    mini-stream cut-off) so that it lives in ordinary sectors; sector 0 is the FAT, sector 1 the directory. Streams are given
    shortest name first (the directory's sibling order)."""
    fat = [FAT_SECTOR, END_OF_CHAIN]
    entries, body = [], b""
    names = list(streams)
    for index, name in enumerate(names):
        data = streams[name].ljust(4096, b"\0")
        size = len(data)
        data = data.ljust(-(-size // SECTOR) * SECTOR, b"\0")
        start, count = len(fat), len(data) // SECTOR
        fat += list(range(start + 1, start + count)) + [END_OF_CHAIN]
        right = index + 2 if index + 1 < len(names) else NO_STREAM
        entries.append(_entry(name, 2, right=right, start=start, size=size))
        body += data
    directory = _entry("Root Entry", 5, child=1 if names else NO_STREAM) + b"".join(entries)
    directory = directory.ljust(SECTOR, b"\0")
    fat_sector = struct.pack(f"<{len(fat)}I", *fat).ljust(SECTOR, b"\xff")
    header = (
        bytes.fromhex("d0cf11e0a1b11ae1")
        + bytes(16)
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + bytes(6)
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, END_OF_CHAIN, 0, END_OF_CHAIN, 0)
        + struct.pack("<I", 0)
        + b"\xff" * (109 * 4 - 4)
    )
    return header + fat_sector + directory + body


def encrypted_workbook() -> bytes:
    """What Excel writes for an .xlsx with a password: the package encrypted inside an OLE file."""
    return ole_container(
        {
            "EncryptionInfo": b"\x04\x00\x04\x00\x40\x00\x00\x00<encryption/>",
            "EncryptedPackage": b"\x00" * 5000,
        }
    )


def legacy_workbook() -> bytes:
    """An Excel 97-2003 .xls: a BIFF "Workbook" stream in an OLE file."""
    return ole_container({"Workbook": b"\x09\x08\x10\x00\x00\x06\x05\x00"})


def xlsx_bytes(wb: Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def with_parts(xlsx: bytes, parts: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    """The workbook with these parts added to its zip."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(xlsx)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            target.writestr(info, source.read(info))
        for name, data in parts.items():
            target.writestr(name, data, compress_type=compression)
    return out.getvalue()


def lying_sizes(xlsx: bytes, part: str, declared: int) -> bytes:
    """The workbook with `part` claiming, in both its local and its central header, to unpack to
    `declared` bytes: what a crafted bomb does to get past a check of declared sizes."""
    data = bytearray(xlsx)
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        info = archive.getinfo(part)
    struct.pack_into("<I", data, info.header_offset + 22, declared)
    central = data.find(b"PK\x01\x02" + bytes(0), 0)
    while central != -1:
        name_length = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46 : central + 46 + name_length].decode() == part:
            struct.pack_into("<I", data, central + 24, declared)
        central = data.find(b"PK\x01\x02", central + 4)
    return bytes(data)


MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def handmade_xlsx(
    sheet_data: str, *, shared: list[str] = (), styles: str = "", workbook_pr: str = "", prefix: str = ""
) -> bytes:
    """A workbook written by hand, as Excel writes one (a shared string table, styles) and as openpyxl
    does not: `sheet_data` is the <sheetData> content; with `prefix` the sheet's tags carry one."""
    p = f"{prefix}:" if prefix else ""
    namespace = f'xmlns{":" + prefix if prefix else ""}="{MAIN}"'
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{RELS}">{workbook_pr}'
            '<sheets><sheet name="Đảng viên" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{RELS}/sharedStrings" Target="/xl/sharedStrings.xml"/>'
            f'<Relationship Id="rId3" Type="{RELS}/styles" Target="styles.xml"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><{p}worksheet {namespace}><{p}sheetData>{sheet_data}</{p}sheetData></{p}worksheet>'
        ),
        "xl/sharedStrings.xml": f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}">{"".join(shared)}</sst>',
        "xl/styles.xml": f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{MAIN}">{styles}</styleSheet>',
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text.encode())
    return out.getvalue()
