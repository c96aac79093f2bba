"""Zip archives (a .docx is one) checked before and while inflating: no member, and not the
whole, may inflate past the limits, whatever its headers claim."""

from __future__ import annotations

import copy
import io
import zipfile
from pathlib import Path

from helpers.errors import InputError
from helpers.read import limits
from helpers.read.limits import MIB, size_text


def open_zip(data: bytes, damaged: str) -> zipfile.ZipFile:
    """The zip with its central directory read; that inflates nothing."""
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except MemoryError:
        raise
    except Exception:  # BadZipFile, and struct/value errors from a crafted central directory
        raise InputError(damaged) from None


def zip_members(data: bytes, damaged: str) -> list[zipfile.ZipInfo]:
    with open_zip(data, damaged) as zf:
        return zf.infolist()


def _refused_word_file(path: Path | str) -> str:
    return f"{path}: refused: the Word file" if path else "refused: the Word file"


def check_zip_limits(infos: list[zipfile.ZipInfo], path: Path | str = "") -> None:
    """Refuse a zip whose headers declare more than the limits allow, before inflating anything.
    (check_zip_sizes then makes sure the members keep to what their headers declare.)"""
    where = _refused_word_file(path)
    if len(infos) > limits.MAX_ZIP_MEMBERS:
        raise InputError(f"{where} has {len(infos)} members, over the limit of {limits.MAX_ZIP_MEMBERS}")
    total = 0
    for info in infos:
        size, packed = info.file_size, info.compress_size
        if size > limits.MAX_UNZIPPED_MEMBER_BYTES:
            raise InputError(
                f"{where}'s part {info.filename!r} would inflate to {size_text(size)}, over the "
                f"{size_text(limits.MAX_UNZIPPED_MEMBER_BYTES)} limit for one part (a zip bomb?)"
            )
        if size > limits.ZIP_RATIO_MIN_BYTES and size > limits.MAX_COMPRESSION_RATIO * packed:
            raise InputError(
                f"{where}'s part {info.filename!r} has a compression ratio of "
                f"{size / max(packed, 1):.0f}:1 ({size_text(size)} from {size_text(packed)}), beyond the "
                f"{limits.MAX_COMPRESSION_RATIO}:1 of any real document (a zip bomb?)"
            )
        total += size
    if total > limits.MAX_UNZIPPED_TOTAL_BYTES:
        raise InputError(
            f"{where} would inflate to {size_text(total)} in all, over the "
            f"{size_text(limits.MAX_UNZIPPED_TOTAL_BYTES)} limit (a zip bomb?)"
        )


def check_zip_sizes(zf: zipfile.ZipFile, path: Path | str = "") -> None:
    """Inflate every member in 1 MiB pieces, keeping nothing, to see that it ends at its
    declared size. zipfile's read() of a member inflates all of a compressed chunk before it
    cuts the result to the declared size, so a header declaring 4 KiB for a stream that inflates
    to gigabytes would otherwise get past check_zip_limits and exhaust memory in python-docx."""
    for info in zf.infolist():
        if info.compress_type == zipfile.ZIP_STORED:
            continue  # stored bytes are read as they are: no bigger than the file
        if info.compress_type != zipfile.ZIP_DEFLATED:
            raise InputError(
                f"{_refused_word_file(path)}'s part {info.filename!r} uses compression method "
                f"{info.compress_type}, which Word never writes"
            )
        probe = copy.copy(info)
        probe.file_size = info.file_size + 1  # read on past the declared end, if data goes on
        inflated = 0
        try:
            with zf.open(probe) as member:
                while inflated <= info.file_size and (piece := member.read(MIB)):
                    inflated += len(piece)
        except MemoryError:
            raise
        except Exception:  # a bad CRC (what a longer stream gives), bad data, a truncated file
            inflated = -1
        if inflated != info.file_size:
            raise InputError(
                f"{_refused_word_file(path)}'s part {info.filename!r} does not inflate to the "
                f"{size_text(info.file_size)} its zip header declares (a damaged file, or a zip bomb)"
            )
